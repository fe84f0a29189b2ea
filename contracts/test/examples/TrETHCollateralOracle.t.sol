// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {SpokeBase} from "../spoke/SpokeBase.sol";
import {TrETHCollateralOracle} from "../../src/examples/TrETHCollateralOracle.sol";
import {IAggregatorV3} from "../../src/shared/interfaces/IRateReceiver.sol";

/// @dev The example collateral oracle over a real RateReceiver fed as the endpoint would feed it.
contract TrETHCollateralOracleTest is SpokeBase {
    uint256 internal constant MAX_AGE = 1 days;
    uint256 internal constant MIN_RATE = 1 ether;
    uint256 internal constant SNAPSHOT_RATE = 1.05 ether;
    uint256 internal constant GROWTH_BPS = 1_000;

    TrETHCollateralOracle internal oracle;
    uint64 internal seq;

    function setUp() public override {
        super.setUp();
        oracle = _newOracle(IAggregatorV3(address(receiver)), MAX_AGE, MIN_RATE, SNAPSHOT_RATE, block.timestamp, GROWTH_BPS);
    }

    function _newOracle(IAggregatorV3 feed, uint256 maxAge, uint256 minRate, uint256 snapshot, uint256 at, uint256 growth)
        internal
        returns (TrETHCollateralOracle)
    {
        return new TrETHCollateralOracle(feed, maxAge, minRate, snapshot, at, growth);
    }

    /// @dev A hub update reported at `reportTime`, the next in sequence.
    function _update(uint256 rate, uint256 reportTime) internal {
        _pushRate(rate, uint64(reportTime), ++seq);
    }

    function test_constructor_invalidConfig_reverts() public {
        IAggregatorV3 feed = IAggregatorV3(address(receiver));
        uint256 t = block.timestamp;
        bytes memory invalid = abi.encodeWithSelector(TrETHCollateralOracle.TrETHCollateralOracle_InvalidConfig.selector);
        vm.expectRevert(invalid);
        _newOracle(IAggregatorV3(address(0)), MAX_AGE, MIN_RATE, SNAPSHOT_RATE, t, GROWTH_BPS);
        vm.expectRevert(invalid);
        _newOracle(feed, 0, MIN_RATE, SNAPSHOT_RATE, t, GROWTH_BPS);
        vm.expectRevert(invalid);
        _newOracle(feed, MAX_AGE, 0, SNAPSHOT_RATE, t, GROWTH_BPS);
        vm.expectRevert(invalid);
        _newOracle(feed, MAX_AGE, MIN_RATE, MIN_RATE - 1, t, GROWTH_BPS);
        vm.expectRevert(invalid);
        _newOracle(feed, MAX_AGE, MIN_RATE, SNAPSHOT_RATE, t + 1, GROWTH_BPS);
        vm.expectRevert(invalid);
        _newOracle(feed, MAX_AGE, MIN_RATE, SNAPSHOT_RATE, t, 0);
        vm.expectRevert(invalid);
        _newOracle(feed, MAX_AGE, MIN_RATE, SNAPSHOT_RATE, t, 10_001);
    }

    function test_getRate_beforeFirstUpdate_reverts() public {
        vm.expectRevert(TrETHCollateralOracle.TrETHCollateralOracle_NoRate.selector);
        oracle.getRate();
        vm.expectRevert(TrETHCollateralOracle.TrETHCollateralOracle_NoRate.selector);
        oracle.latestRoundData();
    }

    function test_getRate_freshRate_succeeds() public {
        _update(1.04 ether, block.timestamp - 10);
        assertEq(oracle.getRate(), 1.04 ether);
        assertEq(oracle.ethValue(2 ether), 2.08 ether);
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) = oracle.latestRoundData();
        assertEq(roundId, seq);
        assertEq(answer, 1.04 ether);
        assertEq(startedAt, block.timestamp - 10);
        assertEq(updatedAt, block.timestamp - 10);
        assertEq(answeredInRound, seq);
        assertEq(oracle.decimals(), 18);
    }

    function test_getRate_exactlyMaxAge_succeeds() public {
        _update(1.04 ether, block.timestamp);
        vm.warp(block.timestamp + MAX_AGE);
        assertEq(oracle.getRate(), 1.04 ether);
    }

    function test_getRate_staleRate_reverts() public {
        uint256 reportTime = block.timestamp;
        _update(1.04 ether, reportTime);
        vm.warp(reportTime + MAX_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                TrETHCollateralOracle.TrETHCollateralOracle_StaleRate.selector, reportTime, MAX_AGE + 1, MAX_AGE
            )
        );
        oracle.getRate();
        vm.expectRevert();
        oracle.ethValue(1 ether);
    }

    /// @dev A hub clock a little ahead of the spoke's must not read as stale (nor underflow).
    function test_getRate_reportTimeAhead_succeeds() public {
        _update(1.04 ether, block.timestamp + 30);
        assertEq(oracle.getRate(), 1.04 ether);
    }

    function test_getRate_belowFloor_reverts() public {
        _update(0.99 ether, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(TrETHCollateralOracle.TrETHCollateralOracle_RateTooLow.selector, 0.99 ether, MIN_RATE)
        );
        oracle.getRate();
    }

    function test_getRate_aboveGrowthCap_reverts() public {
        _update(SNAPSHOT_RATE + 1, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                TrETHCollateralOracle.TrETHCollateralOracle_RateTooHigh.selector, SNAPSHOT_RATE + 1, SNAPSHOT_RATE
            )
        );
        oracle.getRate();
    }

    /// @dev The cap grows with time: a rate refused today is accepted once a year of growth allows it.
    function test_maxRate_growsWithTime_succeeds() public {
        uint256 start = block.timestamp;
        vm.warp(start + 365 days);
        assertEq(oracle.maxRate(), SNAPSHOT_RATE * 11 / 10);
        _update(SNAPSHOT_RATE * 11 / 10, block.timestamp);
        assertEq(oracle.getRate(), SNAPSHOT_RATE * 11 / 10);
    }

    /// @dev Whatever the feed holds and however much time passed, the oracle either answers the feed's
    ///      rate inside [minRate, maxRate()] with age <= maxAge, or reverts with the error that names why.
    function testFuzz_getRate_answersOnlyPlausibleFreshRates_succeeds(uint128 rate, uint32 reportAgo, uint32 elapsed)
        public
    {
        vm.warp(block.timestamp + elapsed);
        uint256 reportTime = block.timestamp - bound(reportAgo, 0, block.timestamp - 1);
        _update(rate, reportTime);
        uint256 age = block.timestamp - reportTime;
        uint256 ceiling = oracle.maxRate();
        bytes memory expected;
        if (rate == 0) {
            // The receiver ignores a zero rate: there is still none.
            expected = abi.encodeWithSelector(TrETHCollateralOracle.TrETHCollateralOracle_NoRate.selector);
        } else if (age > MAX_AGE) {
            expected = abi.encodeWithSelector(
                TrETHCollateralOracle.TrETHCollateralOracle_StaleRate.selector, reportTime, age, MAX_AGE
            );
        } else if (rate < MIN_RATE) {
            expected =
                abi.encodeWithSelector(TrETHCollateralOracle.TrETHCollateralOracle_RateTooLow.selector, rate, MIN_RATE);
        } else if (rate > ceiling) {
            expected =
                abi.encodeWithSelector(TrETHCollateralOracle.TrETHCollateralOracle_RateTooHigh.selector, rate, ceiling);
        }
        if (expected.length != 0) {
            vm.expectRevert(expected);
            oracle.getRate();
            return;
        }
        assertEq(oracle.getRate(), rate);
        assertGe(rate, MIN_RATE);
        assertLe(rate, ceiling);
        assertLe(age, MAX_AGE);
    }

    function testFuzz_ethValue_roundsDown_succeeds(uint96 amount, uint64 extra) public {
        uint256 rate = MIN_RATE + bound(extra, 0, SNAPSHOT_RATE - MIN_RATE);
        _update(rate, block.timestamp);
        uint256 value = oracle.ethValue(amount);
        assertEq(value, uint256(amount) * rate / 1e18);
        assertLe(value * 1e18, uint256(amount) * rate);
    }
}
