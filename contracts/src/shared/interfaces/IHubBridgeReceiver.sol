// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IHubBridgeReceiver
/// @notice Hub half of a canonical-bridge adapter (OP Stack, Arbitrum): the bridge calls
///         `deliverBatch{value}` on it with the message the spoke adapter sent; it authenticates the
///         spoke adapter through the bridge and forwards the ETH to the BackingLedger.
interface IHubBridgeReceiver {
    event BatchDelivered(uint32 indexed srcEid, uint64 indexed batchId, uint256 amount);

    error HubBridgeReceiver_NotBridge(address caller);
    error HubBridgeReceiver_WrongSender(address sender);

    function deliverBatch(uint64 batchId) external payable;
}
