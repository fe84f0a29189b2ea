// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAggregatorV3} from "../shared/interfaces/IRateReceiver.sol";

/// @title TrETHCollateralOracle
/// @notice Example integration: the price of trETH collateral in ETH for a lending market on a
///         spoke, read from the spoke's RateReceiver (or any AggregatorV3 feed of the rate). Like
///         Aave's CAPO adapters it caps the answer and never refuses a rate it has:
///         - above `maxRate()`, which grows from a snapshot at `maxAnnualGrowthBps` a year, it
///           answers `maxRate()` (a pumped feed cannot inflate collateral);
///         - below `minRate` (a floor the market sets) it answers the feed's lower rate: a slashing
///           must reach the market so that liquidations go on, not freeze them;
///         - a rate older than `maxAge` is still answered, with its own `updatedAt`.
///         What happened is reported by `rateStatus()`, for a market (or its keeper) that pauses
///         borrowing on a stale or below-floor rate. The only revert is when there is no rate at
///         all (the feed reverts or answers zero or less): {TrETHCollateralOracle_NoRate}.
/// @dev Stateless on purpose: a price read must be a `view` for lending markets, and the feed's own
///      per-update bounds (RateReceiver.bounds) already limit each move; the time-based cap here is
///      the market's own second line, independent of the feed's owner.
contract TrETHCollateralOracle is IAggregatorV3 {
    uint256 private constant BPS = 10_000;
    uint256 private constant YEAR = 365 days;
    uint256 private constant RATE_UNIT = 1e18;

    /// @notice What the answer says about the feed's rate. When several apply, the first listed
    ///         after Normal wins: Stale, then BelowFloor, then Capped.
    enum RateStatus {
        /// The feed's rate, fresh, within [minRate, maxRate()].
        Normal,
        /// The feed's rate is under `minRate` (a reported loss): answered as it is.
        BelowFloor,
        /// The feed's rate is over `maxRate()`: `maxRate()` is answered instead.
        Capped,
        /// The feed's rate is older than `maxAge`: answered (capped), but the market should act on it.
        Stale
    }

    /// @notice The rate feed (the spoke's RateReceiver).
    IAggregatorV3 public immutable feed;
    /// @notice Oldest `updatedAt` that reports Normal, in seconds (at most the SpokePool's `maxRateAge` is sensible).
    uint256 public immutable maxAge;
    /// @notice Below this rate (ETH per 1e18 trETH) the status is BelowFloor; the answer is not raised to it.
    uint256 public immutable minRate;
    /// @notice The rate the growth cap starts from, and when.
    uint256 public immutable snapshotRate;
    uint256 public immutable snapshotTime;
    /// @notice Most the answer may grow a year past the snapshot, in basis points.
    uint256 public immutable maxAnnualGrowthBps;

    error TrETHCollateralOracle_NoRate();
    /// @notice A zero feed, age or growth bound, a snapshot below the floor, or a snapshot time ahead of now.
    error TrETHCollateralOracle_InvalidConfig();

    constructor(
        IAggregatorV3 feed_,
        uint256 maxAge_,
        uint256 minRate_,
        uint256 snapshotRate_,
        uint256 snapshotTime_,
        uint256 maxAnnualGrowthBps_
    ) {
        if (
            address(feed_) == address(0) || maxAge_ == 0 || minRate_ == 0 || snapshotRate_ < minRate_
                || snapshotRate_ > type(uint128).max || snapshotTime_ > block.timestamp || maxAnnualGrowthBps_ == 0
                || maxAnnualGrowthBps_ > BPS || feed_.decimals() != 18
        ) revert TrETHCollateralOracle_InvalidConfig();
        feed = feed_;
        maxAge = maxAge_;
        minRate = minRate_;
        snapshotRate = snapshotRate_;
        snapshotTime = snapshotTime_;
        maxAnnualGrowthBps = maxAnnualGrowthBps_;
    }

    /// @notice Highest rate answered now: the snapshot grown linearly at `maxAnnualGrowthBps`.
    function maxRate() public view returns (uint256) {
        // forge-lint: disable-next-line(block-timestamp)
        return snapshotRate + snapshotRate * maxAnnualGrowthBps * (block.timestamp - snapshotTime) / (BPS * YEAR);
    }

    /// @notice ETH value of 1e18 trETH (18 decimals): the feed's rate, capped at `maxRate()`.
    ///         Reverts only when the feed has no rate.
    function getRate() public view returns (uint256 rate) {
        (, rate,,,) = _round();
    }

    /// @notice ETH value of `trEthAmount` trETH (both 18 decimals), rounded down.
    function ethValue(uint256 trEthAmount) external view returns (uint256) {
        return trEthAmount * getRate() / RATE_UNIT;
    }

    /// @notice How the current answer relates to the feed's rate, with both and the feed's `updatedAt`.
    ///         Reverts only when the feed has no rate.
    function rateStatus()
        external
        view
        returns (RateStatus status, uint256 feedRate, uint256 answer, uint256 updatedAt)
    {
        (, answer, feedRate, updatedAt, status) = _round();
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function description() external pure returns (string memory) {
        return "trETH / ETH collateral rate (capped)";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    /// @notice The feed's latest round with the capped answer, for markets that read AggregatorV3.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint256 rate;
        (roundId, rate,, updatedAt,) = _round();
        // forge-lint: disable-next-line(unsafe-typecast) rate <= maxRate() < 2^255 (snapshot < 2^128)
        return (roundId, int256(rate), updatedAt, updatedAt, roundId);
    }

    function _round()
        private
        view
        returns (uint80 roundId, uint256 answer, uint256 feedRate, uint256 updatedAt, RateStatus status)
    {
        int256 raw;
        // A feed that reverts (the RateReceiver before its first update) means no rate.
        try feed.latestRoundData() returns (uint80 id, int256 a, uint256, uint256 u, uint80) {
            (roundId, raw, updatedAt) = (id, a, u);
        } catch {
            revert TrETHCollateralOracle_NoRate();
        }
        if (raw <= 0) revert TrETHCollateralOracle_NoRate();
        feedRate = uint256(raw);
        uint256 ceiling = maxRate();
        answer = feedRate > ceiling ? ceiling : feedRate;
        // A hub time slightly ahead of this chain's clock counts as fresh, as in the SpokePool.
        // forge-lint: disable-next-line(block-timestamp)
        uint256 age = block.timestamp > updatedAt ? block.timestamp - updatedAt : 0;
        if (age > maxAge) status = RateStatus.Stale;
        else if (feedRate < minRate) status = RateStatus.BelowFloor;
        else if (feedRate > ceiling) status = RateStatus.Capped;
    }
}
