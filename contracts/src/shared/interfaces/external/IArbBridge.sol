// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IArbBridge
/// @notice The part of Arbitrum's L1 Bridge Tributary uses: during an Outbox execution the Bridge is
///         `msg.sender` and `activeOutbox()` is the Outbox executing.
interface IArbBridge {
    function activeOutbox() external view returns (address);
}

/// @title IArbOutbox
/// @notice The part of Arbitrum's L1 Outbox Tributary uses.
interface IArbOutbox {
    /// @notice During an execution: the L2 sender of the message. Reverts outside one.
    function l2ToL1Sender() external view returns (address);
}
