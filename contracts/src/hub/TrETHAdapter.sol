// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OFTAdapter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTAdapter.sol";
import {OFTCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTCore.sol";
import {OutboundRateLimiter} from "../shared/oft/OutboundRateLimiter.sol";

/// @title TrETHAdapter
/// @notice The hub lockbox: holds the hub trETH that backs every trETH on the spokes. Sends are
///         rate limited per destination (none until the owner sets a limit).
contract TrETHAdapter is OFTAdapter, OutboundRateLimiter {
    constructor(address trETH, address endpoint, address owner_) OFTAdapter(trETH, endpoint, owner_) Ownable(owner_) {}

    function _debit(address from, uint256 amountLD, uint256 minAmountLD, uint32 dstEid)
        internal
        override(OFTAdapter, OFTCore)
        returns (uint256 amountSentLD, uint256 amountReceivedLD)
    {
        (amountSentLD, amountReceivedLD) = super._debit(from, amountLD, minAmountLD, dstEid);
        _checkAndUpdateRateLimit(dstEid, amountSentLD);
    }
}
