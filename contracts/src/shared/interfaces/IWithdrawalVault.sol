// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWithdrawalVault
/// @notice Target of the validators' withdrawal credentials: receives skimmed rewards and exited
///         balances from the beacon chain; only the pool may pull them, at an oracle report.
interface IWithdrawalVault {
    event Withdrawn(address indexed to, uint256 amount);

    error WithdrawalVault_NotPool(address caller);
    error WithdrawalVault_InsufficientBalance(uint256 requested, uint256 available);

    /// @notice Sends `amount` to the pool. Pool only.
    function withdrawToPool(uint256 amount) external;
}
