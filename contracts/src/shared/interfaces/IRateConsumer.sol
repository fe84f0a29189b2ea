// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IRateConsumer
/// @notice A contract the RateReceiver pushes every accepted rate to (the SpokePool keeps a copy in
///         its own storage, so a deposit reads the rate without a cross-contract call). The rate
///         pushed is the receiver's `consumerRate()`: never below the hub rate of the update, so
///         it is safe to mint at.
/// @dev Must not revert for the RateReceiver: a revert would leave the LayerZero rate message stuck.
interface IRateConsumer {
    function onRateUpdate(uint256 rate, uint64 reportTime) external;
}
