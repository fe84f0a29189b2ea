// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {OFT} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFT.sol";
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

/// @dev Token metadata shared by the spoke OFT and its permit domain.
abstract contract TrETHMetadata {
    string internal constant TOKEN_NAME = "Tributary Staked ETH";
    string internal constant TOKEN_SYMBOL = "trETH";
}

/// @dev The OFT half of TrETHOFT. A separate base keeps the final constructor's stack shallow:
///      OFT and ERC20Permit together overflow legacy codegen's stack in a single constructor.
abstract contract TrETHOFTCore is TrETHMetadata, OFT {
    constructor(address endpoint, address owner_) OFT(TOKEN_NAME, TOKEN_SYMBOL, endpoint, owner_) Ownable(owner_) {}
}

/// @title TrETHOFT
/// @notice trETH on a spoke chain: a LayerZero OFT that the SpokePool may also mint on deposit.
///         Sends are rate limited per destination (none until the owner sets a limit); credits per
///         source, parking what does not fit (see InboundRateLimiter).
contract TrETHOFT is TrETHOFTCore, OutboundRateLimiter, InboundRateLimiter, ERC20Permit, TwoStepOwnable {
    /// @notice The only address allowed to mint outside of LayerZero credits (the SpokePool).
    address public minter;

    event MinterUpdated(address indexed minter);

    error TrETHOFT_NotMinter(address caller);

    constructor(address endpoint, address owner_) TrETHOFTCore(endpoint, owner_) ERC20Permit(TOKEN_NAME) {}

    function setMinter(address minter_) external onlyOwner {
        minter = minter_;
        emit MinterUpdated(minter_);
    }

    /// @notice Mints `amount` to `to`; minter only.
    function mint(address to, uint256 amount) external {
        if (msg.sender != minter) revert TrETHOFT_NotMinter(msg.sender);
        _mint(to, amount);
    }

    function _debit(address from, uint256 amountLD, uint256 minAmountLD, uint32 dstEid)
        internal
        override(OFT, OFTCore)
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
