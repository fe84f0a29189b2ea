// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ICrossDomainMessenger
/// @notice The part of the OP Stack's CrossDomainMessenger (L2: 0x4200000000000000000000000000000000000007,
///         L1: the chain's L1CrossDomainMessenger proxy) that Tributary uses. Same interface on both sides.
interface ICrossDomainMessenger {
    /// @notice Sends `message` to `target` on the other chain with `msg.value`; on L1 the messenger
    ///         calls `target` with the value once the withdrawal is proven and finalized.
    function sendMessage(address target, bytes calldata message, uint32 minGasLimit) external payable;

    /// @notice During a relayed call: the sender on the other chain. Reverts outside one.
    function xDomainMessageSender() external view returns (address);
}
