// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IArbSys
/// @notice The part of Arbitrum's ArbSys precompile (0x0000000000000000000000000000000000000064) Tributary uses.
interface IArbSys {
    /// @notice Sends a transaction to L1 with `msg.value`; executable on L1 through the Outbox once
    ///         the assertion is confirmed. Returns the unique id of the L2-to-L1 message.
    function sendTxToL1(address destination, bytes calldata data) external payable returns (uint256);
}
