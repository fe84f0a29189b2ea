// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ISpokePool
/// @notice Takes ETH on a spoke chain and mints trETH at once at the hub rate received over
///         LayerZero, minus a fee. The ETH accumulates here until `sync` sends it to the hub as a
///         batch: the accounting over LayerZero to the hub's BackingLedger, the ETH through the
///         bridge adapter.
/// @dev Safety limits on minting, all checked by `deposit` and `quoteDeposit` alike:
///      - pause (owner, or the hub's BackingLedger when this spoke's unbacked supply is too high);
///      - a per-period mint cap: at most `mintCap` shares per `mintPeriod` seconds, so a wrong rate
///        or a compromised path can mint only a bounded amount before someone reacts;
///      - an unbacked cap: at most `maxPendingShares` minted since the last batch left, because
///        those shares have no backing on the hub until the batch arrives.
interface ISpokePool {
    /// @notice Emitted for every deposit.
    event Deposited(
        address indexed sender, address indexed receiver, uint256 assets, uint256 shares, uint256 fee, uint256 rate
    );
    /// @notice Emitted when a batch leaves for the hub.
    event BatchSent(uint64 indexed batchId, uint256 assets, uint256 shares, uint256 spokeSupply, bytes32 guid);
    event FeeUpdated(uint16 feeBps);
    event MaxRateAgeUpdated(uint32 maxRateAge);
    event MintCapUpdated(uint256 mintCap, uint32 mintPeriod);
    event MaxPendingSharesUpdated(uint256 maxPendingShares);
    event BridgeAdapterUpdated(address indexed bridgeAdapter);
    event Paused(address indexed by);
    event Unpaused(address indexed by);
    /// @notice The hub's BackingLedger reported this spoke's unbacked supply over its threshold.
    event HaltedByHub(uint256 unbackedShares);
    /// @notice The RateReceiver pushed a new rate.
    event RateCached(uint256 rate, uint64 reportTime);

    error SpokePool_ZeroDeposit();
    error SpokePool_ZeroReceiver();
    error SpokePool_NoRate();
    error SpokePool_StaleRate(uint256 age, uint256 maxAge);
    error SpokePool_InsufficientShares(uint256 shares, uint256 minShares);
    error SpokePool_FeeTooHigh(uint16 feeBps, uint16 maxFeeBps);
    error SpokePool_Paused();
    error SpokePool_NotPaused();
    error SpokePool_MintCapExceeded(uint256 shares, uint256 remaining);
    error SpokePool_PendingCapExceeded(uint256 shares, uint256 remaining);
    error SpokePool_InvalidLimit();
    error SpokePool_NotRateReceiver(address caller);
    error SpokePool_NothingToSync();
    error SpokePool_NoBridgeAdapter();
    error SpokePool_InvalidMessage(uint8 messageType);

    /// @notice Deposits `msg.value` ETH and mints trETH to `receiver`.
    /// @dev Requirements: not paused, rate known and not older than `maxRateAge`, `msg.value > 0`,
    ///      shares `>= minShares` and within the mint and unbacked caps. Emits {Deposited}.
    function deposit(address receiver, uint256 minShares) external payable returns (uint256 shares);

    /// @notice What `deposit` would mint for `assets` now, and the fee it would keep. Reverts with
    ///         the error `deposit` would revert with (paused, stale rate, caps).
    function quoteDeposit(uint256 assets) external view returns (uint256 shares, uint256 fee);

    /// @notice Sends the pending batch to the hub: the LayerZero accounting message (pay at least
    ///         `quoteSync()`, the excess is refunded) and all ETH held through the bridge adapter.
    ///         Anyone may call it. Reverts with {SpokePool_NothingToSync} when nothing was minted
    ///         since the last batch. Emits {BatchSent}.
    function sync() external payable returns (uint64 batchId);

    /// @notice LayerZero fee for `sync` now.
    function quoteSync() external view returns (uint256 nativeFee);

    /// @notice Shares minted since the last batch left (unbacked on the hub until it arrives) and
    ///         the ETH that batch will carry.
    function pending() external view returns (uint256 shares, uint256 assets);

    /// @notice Number of the last batch sent (0: none yet).
    function lastBatchId() external view returns (uint64);

    /// @notice Time the last batch was sent (0: none yet); the relayer triggers batches by age.
    function lastSyncTime() external view returns (uint256);
}
