// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {OFTCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTCore.sol";
import {
    SendParam,
    OFTLimit,
    OFTFeeDetail,
    OFTReceipt
} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {RateLimiter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/utils/RateLimiter.sol";

/// @title OutboundRateLimiter
/// @notice Per-destination limit on the trETH an OFT sends, over a sliding window (LayerZero's
///         RateLimiter). A destination without a configured limit has limit 0: sends to it are
///         refused, so a newly wired path stays closed until the owner opens it. A wallet reads
///         what can be sent now with `getAmountCanBeSent(dstEid)`, or as `quoteOFT`'s `maxAmountLD`.
/// @dev Bounds what a minting bug or a stolen balance on this chain can send out in one window.
///      Each OFT calls `_checkAndUpdateRateLimit(dstEid, amountSentLD)` from its `_debit`; a send
///      over the limit reverts with {RateLimiter.RateLimitExceeded}. It binds only sends made
///      through this contract: a forged message (a compromised pathway or chain) never passes here,
///      and routing through several chains adds their limits up. A receiver must not rely on it.
abstract contract OutboundRateLimiter is OFTCore, RateLimiter {
    /// @notice Sets the limit and window per destination; amounts in flight carry over.
    function setRateLimits(RateLimitConfig[] calldata configs) external onlyOwner {
        _setRateLimits(configs);
    }

    /// @notice OFTCore's quote, with `maxAmountLD` the amount the rate limit lets through to
    ///         `dstEid` now (OFTCore reports an unlimited maximum that `send` would then refuse).
    ///         Any `amountLD` up to it is accepted; the limit counts the amount after dust removal.
    /// @dev Public, not external, so each OFT's override can reach it through `super`.
    function quoteOFT(SendParam calldata sendParam)
        public
        view
        virtual
        override
        returns (OFTLimit memory oftLimit, OFTFeeDetail[] memory oftFeeDetails, OFTReceipt memory oftReceipt)
    {
        RateLimit memory limit = rateLimits[sendParam.dstEid];
        (, uint256 canSend) = _amountCanBeSent(limit.amountInFlight, limit.lastUpdated, limit.limit, limit.window);
        oftLimit = OFTLimit(0, canSend);
        oftFeeDetails = new OFTFeeDetail[](0);
        (uint256 amountSentLD, uint256 amountReceivedLD) =
            _debitView(sendParam.amountLD, sendParam.minAmountLD, sendParam.dstEid);
        oftReceipt = OFTReceipt(amountSentLD, amountReceivedLD);
    }
}
