// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {OFTAdapter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTAdapter.sol";
import {OFTCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTCore.sol";
import {
    SendParam,
    OFTLimit,
    OFTFeeDetail,
    OFTReceipt
} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {OutboundRateLimiter} from "../shared/oft/OutboundRateLimiter.sol";
import {InboundRateLimiter} from "../shared/oft/InboundRateLimiter.sol";
import {Origin} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {TwoStepOwnable} from "../shared/access/TwoStepOwnable.sol";

/// @title TrETHAdapter
/// @notice The hub lockbox: holds the hub trETH that backs every trETH on the spokes. Sends are
///         rate limited per destination (none until the owner sets a limit); releases per source, parking
///         what does not fit (see InboundRateLimiter). A credit addressed to
///         the zero address is released to 0xdead, as the spoke OFTs mint it there.
contract TrETHAdapter is OFTAdapter, OutboundRateLimiter, InboundRateLimiter, TwoStepOwnable {
    using SafeERC20 for IERC20;

    constructor(address trETH, address endpoint, address owner_) OFTAdapter(trETH, endpoint, owner_) Ownable(owner_) {}

    function _debit(address from, uint256 amountLD, uint256 minAmountLD, uint32 dstEid)
        internal
        override(OFTAdapter, OFTCore)
        returns (uint256 amountSentLD, uint256 amountReceivedLD)
    {
        (amountSentLD, amountReceivedLD) = super._debit(from, amountLD, minAmountLD, dstEid);
        _checkAndUpdateRateLimit(dstEid, amountSentLD);
    }

    function quoteOFT(SendParam calldata sendParam)
        public
        view
        override(OFTCore, OutboundRateLimiter)
        returns (OFTLimit memory, OFTFeeDetail[] memory, OFTReceipt memory)
    {
        return super.quoteOFT(sendParam);
    }

    function _lzReceive(
        Origin calldata origin,
        bytes32 guid,
        bytes calldata message,
        address executor,
        bytes calldata extraData
    ) internal override(OFTCore, InboundRateLimiter) {
        super._lzReceive(origin, guid, message, executor, extraData);
    }

    /// @dev OFTAdapter's transfer to address(0) reverts (ERC20), and a reverting credit would leave
    ///      the message stuck for good; the spokes' OFT._credit redirects the same way. Transfers
    ///      itself rather than through OFTAdapter._credit: one internal call less on every receive.
    function _credit(address to, uint256 amountLD, uint32 /*srcEid*/ )
        internal
        override(OFTAdapter, OFTCore)
        returns (uint256)
    {
        innerToken.safeTransfer(to == address(0) ? address(0xdead) : to, amountLD);
        return amountLD;
    }

    // ------------------------------------------------------------------ ownership (TwoStepOwnable)

    function transferOwnership(address newOwner) public override(Ownable, Ownable2Step) {
        super.transferOwnership(newOwner);
    }

    function _transferOwnership(address newOwner) internal override(Ownable, Ownable2Step) {
        super._transferOwnership(newOwner);
    }

    function renounceOwnership() public pure override(Ownable, TwoStepOwnable) {
        super.renounceOwnership();
    }
}
