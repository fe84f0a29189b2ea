// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWithdrawalVault
/// @notice Target of the validators' withdrawal credentials: receives skimmed rewards and exited
///         balances from the beacon chain; only the pool may pull them, at an oracle report.
interface IWithdrawalVault {
    event Withdrawn(address indexed to, uint256 amount);
    /// @notice ETH sent by a contract call (beacon-chain withdrawals credit the balance without one).
    event EtherReceived(address indexed from, uint256 amount);

    error WithdrawalVault_NotPool(address caller);
    error WithdrawalVault_InsufficientBalance(uint256 requested, uint256 available);
    error WithdrawalVault_ZeroPool();
    error WithdrawalVault_TransferFailed();

    /// @notice Sends `amount` to the pool. Pool only.
    function withdrawToPool(uint256 amount) external;

    /// @notice The staking pool (TrETH), fixed at deployment.
    function POOL() external view returns (address);
}
