// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {OFTCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTCore.sol";
import {RateLimiter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/utils/RateLimiter.sol";

/// @title OutboundRateLimiter
/// @notice Per-destination limit on the trETH an OFT sends, over a sliding window (LayerZero's
///         RateLimiter). A destination without a configured limit has limit 0: sends to it are
///         refused, so a newly wired path stays closed until the owner opens it. A wallet reads
///         what can be sent now with `getAmountCanBeSent(dstEid)`.
/// @dev Bounds what a compromised chain or a minting bug can move out in one window. Each OFT calls
///      `_checkAndUpdateRateLimit(dstEid, amountSentLD)` from its `_debit`; a send over the limit
///      reverts with {RateLimiter.RateLimitExceeded}.
abstract contract OutboundRateLimiter is OFTCore, RateLimiter {
    /// @notice Sets the limit and window per destination; amounts in flight carry over.
    function setRateLimits(RateLimitConfig[] calldata configs) external onlyOwner {
        _setRateLimits(configs);
    }
}
