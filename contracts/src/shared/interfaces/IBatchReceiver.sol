// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IBatchReceiver
/// @notice Hub entry point for a batch's ETH, called by the hub-side half of a bridge once it has
///         authenticated the spoke-side sender (the bridge's own proof: a relayer on the devnet, the
///         L1 messenger's xDomainMessageSender on the OP Stack, the outbox's l2ToL1Sender on Arbitrum).
interface IBatchReceiver {
    function receiveBatchETH(uint32 srcEid, uint64 batchId) external payable;
}
