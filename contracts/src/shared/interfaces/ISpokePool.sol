// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISpokePool
/// @notice Takes ETH on a spoke chain and mints trETH at once at the hub rate received over
///         LayerZero, minus a fee.
interface ISpokePool {
    /// @notice Emitted for every deposit.
    event Deposited(
        address indexed sender, address indexed receiver, uint256 assets, uint256 shares, uint256 fee, uint256 rate
    );
    /// @notice Emitted when the owner changes the deposit fee.
    event FeeUpdated(uint16 feeBps);
    /// @notice Emitted when the owner changes the largest rate age deposits accept.
    event MaxRateAgeUpdated(uint32 maxRateAge);

    error SpokePool_ZeroDeposit();
    error SpokePool_ZeroReceiver();
    error SpokePool_NoRate();
    error SpokePool_StaleRate(uint256 age, uint256 maxAge);
    error SpokePool_InsufficientShares(uint256 shares, uint256 minShares);
    error SpokePool_FeeTooHigh(uint16 feeBps, uint16 maxFeeBps);

    /// @notice Deposits `msg.value` ETH and mints trETH to `receiver`.
    /// @dev Requirements: not paused, rate known and not older than `maxRateAge`, `msg.value > 0`,
    ///      shares `>= minShares`. Emits {Deposited}.
    function deposit(address receiver, uint256 minShares) external payable returns (uint256 shares);

    /// @notice What `deposit` would mint for `assets` now, and the fee it would keep.
    function quoteDeposit(uint256 assets) external view returns (uint256 shares, uint256 fee);
}
