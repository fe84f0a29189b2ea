// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {SpokeBridgeAdapter} from "../spoke/bridge/SpokeBridgeAdapter.sol";

/// @title LocalSpokeBridge
/// @notice Spoke half of the devnet bridge. Like an L2 withdrawal, which burns the ETH on the L2, it
///         keeps the ETH for good; the hub half (LocalBridgeHub) pays the batch from liquidity locked
///         on the hub when a relayer, watching {BatchBridged} here, calls
///         `LocalBridgeHub.deliver(srcEid, batchId, amount)`.
contract LocalSpokeBridge is SpokeBridgeAdapter {
    /// @notice LayerZero eid of this spoke: the `srcEid` the relayer passes to the hub half.
    uint32 public immutable srcEid;

    constructor(address spokePool_, address hubReceiver_, uint32 srcEid_) SpokeBridgeAdapter(spokePool_, hubReceiver_) {
        srcEid = srcEid_;
    }

    /// @dev The ETH stays here (burned, as far as the spoke is concerned); the event is the message.
    function _send(uint64, uint256) internal pure override {}
}
