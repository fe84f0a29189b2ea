// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAggregatorV3} from "../shared/interfaces/IRateReceiver.sol";

/// @title TrETHCollateralOracle
/// @notice Example integration: the price of trETH collateral in ETH for a lending market on a
///         spoke, read from the spoke's RateReceiver (or any AggregatorV3 feed of the rate). It
///         answers only with a rate a market can lend against and reverts otherwise:
///         - no rate yet (the feed reverts or answers zero or less): {TrETHCollateralOracle_NoRate};
///         - a rate older than `maxAge` by its `updatedAt` (the hub report time):
///           {TrETHCollateralOracle_StaleRate};
///         - a rate below `minRate` (a floor the market sets: a rate under it means a loss the market
///           wants a human to look at): {TrETHCollateralOracle_RateTooLow};
///         - a rate above `maxRate()`, which grows from a snapshot at `maxAnnualGrowthBps` a year
///           (Aave's CAPO does this for wstETH): {TrETHCollateralOracle_RateTooHigh}.
/// @dev Stateless on purpose: a price read must be a `view` for lending markets, and the feed's own
///      per-update bounds (RateReceiver.bounds) already limit each move; the time-based cap here is
///      the market's own second line, independent of the feed's owner.
contract TrETHCollateralOracle is IAggregatorV3 {
    uint256 private constant BPS = 10_000;
    uint256 private constant YEAR = 365 days;
    uint256 private constant RATE_UNIT = 1e18;

    /// @notice The rate feed (the spoke's RateReceiver).
    IAggregatorV3 public immutable feed;
    /// @notice Oldest `updatedAt` accepted, in seconds (at most the SpokePool's `maxRateAge` is sensible).
    uint256 public immutable maxAge;
    /// @notice Lowest rate accepted (ETH per 1e18 trETH).
    uint256 public immutable minRate;
    /// @notice The rate the growth cap starts from, and when.
    uint256 public immutable snapshotRate;
    uint256 public immutable snapshotTime;
    /// @notice Most the accepted rate may grow a year past the snapshot, in basis points.
    uint256 public immutable maxAnnualGrowthBps;

    error TrETHCollateralOracle_NoRate();
    error TrETHCollateralOracle_StaleRate(uint256 updatedAt, uint256 age, uint256 maxAge);
    error TrETHCollateralOracle_RateTooLow(uint256 rate, uint256 minRate);
    error TrETHCollateralOracle_RateTooHigh(uint256 rate, uint256 maxRate);
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

    /// @notice Highest rate accepted now: the snapshot grown linearly at `maxAnnualGrowthBps`.
    function maxRate() public view returns (uint256) {
        // forge-lint: disable-next-line(block-timestamp)
        return snapshotRate + snapshotRate * maxAnnualGrowthBps * (block.timestamp - snapshotTime) / (BPS * YEAR);
    }

    /// @notice ETH value of 1e18 trETH (18 decimals), checked. Reverts as the contract NatSpec says.
    function getRate() public view returns (uint256 rate) {
        (, rate,) = _checkedRound();
    }

    /// @notice ETH value of `trEthAmount` trETH (both 18 decimals), rounded down.
    function ethValue(uint256 trEthAmount) external view returns (uint256) {
        return trEthAmount * getRate() / RATE_UNIT;
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function description() external pure returns (string memory) {
        return "trETH / ETH collateral rate (checked)";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    /// @notice The feed's latest round with the checked answer, for markets that read AggregatorV3.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint256 rate;
        (roundId, rate, updatedAt) = _checkedRound();
        // forge-lint: disable-next-line(unsafe-typecast) rate <= maxRate() < 2^255 (snapshot < 2^128)
        return (roundId, int256(rate), updatedAt, updatedAt, roundId);
    }

    function _checkedRound() private view returns (uint80 roundId, uint256 rate, uint256 updatedAt) {
        int256 answer;
        // A feed that reverts (the RateReceiver before its first update) means no rate.
        try feed.latestRoundData() returns (uint80 id, int256 a, uint256, uint256 u, uint80) {
            (roundId, answer, updatedAt) = (id, a, u);
        } catch {
            revert TrETHCollateralOracle_NoRate();
        }
        if (answer <= 0) revert TrETHCollateralOracle_NoRate();
        // A hub time slightly ahead of this chain's clock counts as fresh, as in the SpokePool.
        // forge-lint: disable-next-line(block-timestamp)
        uint256 age = block.timestamp > updatedAt ? block.timestamp - updatedAt : 0;
        if (age > maxAge) revert TrETHCollateralOracle_StaleRate(updatedAt, age, maxAge);
        rate = uint256(answer);
        if (rate < minRate) revert TrETHCollateralOracle_RateTooLow(rate, minRate);
        uint256 ceiling = maxRate();
        if (rate > ceiling) revert TrETHCollateralOracle_RateTooHigh(rate, ceiling);
    }
}
