// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The subset of Chainlink's AggregatorV3Interface that price consumers call.
interface IAggregatorV3 {
    function decimals() external view returns (uint8);
    function description() external view returns (string memory);
    function version() external view returns (uint256);
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}

/// @title IRateReceiver
/// @notice Spoke-side copy of the hub's trETH rate, delivered over LayerZero from the hub's
///         RateBroadcaster. Ordered by the hub's sequence number.
interface IRateReceiver is IAggregatorV3 {
    /// @notice Emitted when a newer rate is stored.
    event RateUpdated(uint256 rate, uint64 reportTime, uint64 sequence);
    /// @notice Emitted when a rate message is not newer than the stored one. Ignored rather than
    ///         reverted so the LayerZero channel never blocks on it.
    event RateUpdateIgnored(uint256 rate, uint64 reportTime, uint64 sequence, uint64 currentSequence);

    /// @notice Emitted when a newer rate moved further than the bounds allow and the nearest allowed
    ///         rate was stored instead. Repeated updates converge on the hub rate.
    event RateClamped(uint256 requestedRate, uint256 appliedRate, uint64 reportTime, uint64 sequence);
    /// @notice Emitted when the owner changes the bounds on rate moves.
    event RateBoundsUpdated(uint16 maxIncreaseBps, uint16 maxDecreaseBps, uint16 maxAnnualGrowthBps);
    /// @notice Emitted when the owner sets the contract every accepted rate is pushed to (zero: none).
    event RateConsumerUpdated(address indexed consumer);
    /// @notice Emitted when the consumer reverted (or ran out of its gas) on a push. The rate is
    ///         stored anyway: a consumer's bug must not block the rate path.
    event RateConsumerFailed(address indexed consumer, uint256 rate, uint64 reportTime);

    /// @notice No rate has been received yet.
    error RateReceiver_NoRate();
    /// @notice The call had too little gas left to give the consumer its full allowance. Reverting
    ///         keeps the LayerZero message retriable, so nobody can land a rate while starving the push.
    error RateReceiver_InsufficientGas(uint256 gasLeft, uint256 needed);
    /// @notice A bound is zero or above its limit.
    error RateReceiver_InvalidBounds(uint16 maxIncreaseBps, uint16 maxDecreaseBps, uint16 maxAnnualGrowthBps);
    /// @notice Only the current round is kept: `roundId` is not `currentRoundId` (the hub sequence
    ///         of the stored rate).
    error RateReceiver_RoundNotAvailable(uint80 roundId, uint80 currentRoundId);

    /// @notice ETH value of 1e18 trETH, with 18 decimals. Reverts before the first update.
    function getRate() external view returns (uint256);

    /// @notice Hub timestamp at which the current rate was read.
    function lastUpdated() external view returns (uint256);

    /// @notice Hub sequence number of the current rate.
    function sequence() external view returns (uint64);

    /// @notice Rate and hub timestamp in one call (0, 0 before the first update).
    function rateAndUpdatedAt() external view returns (uint256 rate, uint256 updatedAt);

    /// @notice The rate pushed to the rate consumer (the SpokePool prices mints at it): the higher
    ///         of the clamped rate (`getRate`) and the hub rate in the last accepted update. After a
    ///         rise beyond the bounds it is the hub rate; after a fall beyond them, the clamped
    ///         floor. Either way a mint is never priced below the hub's rate. 0 before the first update.
    function consumerRate() external view returns (uint256);

    /// @notice The clamped rate as a Chainlink legacy answer (Aave's oracle reads this), 18 decimals.
    ///         0 before the first update, which Chainlink-style consumers read as "no answer".
    function latestAnswer() external view returns (int256);

    /// @notice Hub timestamp of the current rate's report (same as `lastUpdated`); 0 before the first update.
    function latestTimestamp() external view returns (uint256);

    /// @notice The current round by its id, as `latestRoundData` returns it. Only the current round is
    ///         kept: any other id reverts with {RateReceiver_RoundNotAvailable}, and any id before the
    ///         first update with {RateReceiver_NoRate}.
    /// @param roundId The hub sequence number of the round (the `roundId` of `latestRoundData`).
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
