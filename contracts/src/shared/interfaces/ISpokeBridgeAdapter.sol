// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISpokeBridgeAdapter
/// @notice Spoke half of a bridge that carries a batch's ETH to the hub. Whatever the bridge (the
///         local devnet bridge, the OP Stack messenger, Arbitrum's ArbSys), the ETH must arrive on the
///         hub as a call `IBackingLedger.receiveBatchETH{value: amount}(srcEid, batchId)` made by the
///         hub-side receiver the ledger knows for this spoke.
interface ISpokeBridgeAdapter {
    /// @notice Emitted when a batch's ETH leaves the spoke.
    event BatchBridged(uint64 indexed batchId, uint256 amount, address hubReceiver);

    error BridgeAdapter_NotSpokePool(address caller);
    error BridgeAdapter_ZeroAmount();

    /// @notice Sends `msg.value` to the hub for batch `batchId`. Only the SpokePool calls it.
    function bridgeToHub(uint64 batchId) external payable;
}
