// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ITrETH
/// @notice Hub trETH: a non-rebasing share of the staked ETH pool. Its ETH value (the rate) rises
///         as rewards are added.
interface ITrETH is IERC20 {
    /// @notice Emitted when ETH is deposited for shares.
    event Deposited(address indexed sender, address indexed receiver, uint256 assets, uint256 shares);
    /// @notice Emitted when rewards raise the pooled ETH without minting shares.
    event RewardsDistributed(uint256 amount, uint256 totalPooledEther, uint256 newRate);

    /// @notice A deposit of zero ETH.
    error TrETH_ZeroDeposit();
    /// @notice The deposit would mint fewer shares than the caller accepts.
    error TrETH_InsufficientShares(uint256 shares, uint256 minShares);
    /// @notice Rewards of zero ETH.
    error TrETH_ZeroRewards();
    /// @notice The receiver is the zero address.
    error TrETH_ZeroReceiver();

    /// @notice Deposits `msg.value` ETH and mints shares to `receiver` at the current rate.
    /// @dev Requirements: `msg.value > 0`, `receiver != 0`, minted shares `>= minShares`.
    ///      Emits {Deposited}.
    /// @param receiver Who gets the shares.
    /// @param minShares The fewest shares the caller accepts (slippage protection).
    /// @return shares The shares minted.
    function depositETH(address receiver, uint256 minShares) external payable returns (uint256 shares);

    /// @notice ETH value of 1e18 trETH, with 18 decimals.
    function getRate() external view returns (uint256);

    /// @notice All ETH the pool accounts for (deposits plus rewards).
    function totalPooledEther() external view returns (uint256);

    /// @notice Shares that `assets` ETH buys now (rounded down).
    function previewDeposit(uint256 assets) external view returns (uint256);
}
