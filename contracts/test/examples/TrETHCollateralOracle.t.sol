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
        oracle =
            _newOracle(IAggregatorV3(address(receiver)), MAX_AGE, MIN_RATE, SNAPSHOT_RATE, block.timestamp, GROWTH_BPS);
    }

    function _newOracle(
        IAggregatorV3 feed,
        uint256 maxAge,
        uint256 minRate,
        uint256 snapshot,
        uint256 at,
        uint256 growth
    ) internal returns (TrETHCollateralOracle) {
        return new TrETHCollateralOracle(feed, maxAge, minRate, snapshot, at, growth);
    }

    /// @dev A hub update reported at `reportTime`, the next in sequence.
    function _update(uint256 rate, uint256 reportTime) internal {
        _pushRate(rate, uint64(reportTime), ++seq);
    }

    function test_constructor_invalidConfig_reverts() public {
        IAggregatorV3 feed = IAggregatorV3(address(receiver));
        uint256 t = block.timestamp;
        bytes memory invalid =
            abi.encodeWithSelector(TrETHCollateralOracle.TrETHCollateralOracle_InvalidConfig.selector);
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

    function _assertStatus(TrETHCollateralOracle.RateStatus expected, uint256 feedRate, uint256 answer) internal view {
        (TrETHCollateralOracle.RateStatus status, uint256 f, uint256 a,) = oracle.rateStatus();
        assertEq(uint8(status), uint8(expected), "status");
        assertEq(f, feedRate, "feed rate");
        assertEq(a, answer, "answer");
        assertEq(oracle.getRate(), answer);
        (, int256 roundAnswer,,,) = oracle.latestRoundData();
        assertEq(uint256(roundAnswer), answer);
    }

    function test_getRate_beforeFirstUpdate_reverts() public {
        vm.expectRevert(TrETHCollateralOracle.TrETHCollateralOracle_NoRate.selector);
        oracle.getRate();
        vm.expectRevert(TrETHCollateralOracle.TrETHCollateralOracle_NoRate.selector);
        oracle.latestRoundData();
        vm.expectRevert(TrETHCollateralOracle.TrETHCollateralOracle_NoRate.selector);
        oracle.rateStatus();
    }

    function test_getRate_freshRate_succeeds() public {
        _update(1.04 ether, block.timestamp - 10);
        assertEq(oracle.getRate(), 1.04 ether);
        assertEq(oracle.ethValue(2 ether), 2.08 ether);
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            oracle.latestRoundData();
        assertEq(roundId, seq);
        assertEq(answer, 1.04 ether);
        assertEq(startedAt, block.timestamp - 10);
        assertEq(updatedAt, block.timestamp - 10);
        assertEq(answeredInRound, seq);
        assertEq(oracle.decimals(), 18);
        _assertStatus(TrETHCollateralOracle.RateStatus.Normal, 1.04 ether, 1.04 ether);
        (,,, uint256 statusUpdatedAt) = oracle.rateStatus();
        assertEq(statusUpdatedAt, block.timestamp - 10);
    }

    function test_getRate_exactlyMaxAge_succeeds() public {
        _update(1.04 ether, block.timestamp);
        vm.warp(block.timestamp + MAX_AGE);
        _assertStatus(TrETHCollateralOracle.RateStatus.Normal, 1.04 ether, 1.04 ether);
    }

    /// @dev A stale rate is still answered (a market that reverts on it freezes its liquidations);
    ///      `updatedAt` and the status say it is stale.
    function test_getRate_staleRate_succeeds() public {
        uint256 reportTime = block.timestamp;
        _update(1.04 ether, reportTime);
        vm.warp(reportTime + MAX_AGE + 1);
        _assertStatus(TrETHCollateralOracle.RateStatus.Stale, 1.04 ether, 1.04 ether);
        assertEq(oracle.ethValue(1 ether), 1.04 ether);
        (,,, uint256 updatedAt,) = oracle.latestRoundData();
        assertEq(updatedAt, reportTime);
    }

    /// @dev A hub clock a little ahead of the spoke's must not read as stale (nor underflow).
    function test_getRate_reportTimeAhead_succeeds() public {
        _update(1.04 ether, block.timestamp + 30);
        _assertStatus(TrETHCollateralOracle.RateStatus.Normal, 1.04 ether, 1.04 ether);
    }

    /// @dev The attack this fixes: a slashing takes the rate under the floor. Reverting there froze
    ///      every liquidation exactly when collateral lost value; the lower rate is answered instead.
    function test_getRate_belowFloor_succeeds() public {
        _update(1.04 ether, block.timestamp);
        _update(0.99 ether, block.timestamp + 1);
        vm.warp(block.timestamp + 1);
        _assertStatus(TrETHCollateralOracle.RateStatus.BelowFloor, 0.99 ether, 0.99 ether);
        assertEq(oracle.ethValue(100 ether), 99 ether, "collateral valued at the loss");
    }

    /// @dev A pumped feed is capped, never refused.
    function test_getRate_aboveGrowthCap_succeeds() public {
        _update(SNAPSHOT_RATE + 1, block.timestamp);
        _assertStatus(TrETHCollateralOracle.RateStatus.Capped, SNAPSHOT_RATE + 1, SNAPSHOT_RATE);
    }

    /// @dev Stale wins over the other states: the data's age is what a market acts on first.
    function test_rateStatus_staleAndCapped_succeeds() public {
        uint256 reportTime = block.timestamp;
        _update(SNAPSHOT_RATE * 2, reportTime);
        vm.warp(reportTime + MAX_AGE + 1);
        _assertStatus(TrETHCollateralOracle.RateStatus.Stale, SNAPSHOT_RATE * 2, oracle.maxRate());
    }

    /// @dev The cap grows with time: a rate capped today is answered in full once a year of growth allows it.
    function test_maxRate_growsWithTime_succeeds() public {
        uint256 start = block.timestamp;
        vm.warp(start + 365 days);
        assertEq(oracle.maxRate(), SNAPSHOT_RATE * 11 / 10);
        _update(SNAPSHOT_RATE * 11 / 10, block.timestamp);
        _assertStatus(TrETHCollateralOracle.RateStatus.Normal, SNAPSHOT_RATE * 11 / 10, SNAPSHOT_RATE * 11 / 10);
    }

    /// @dev Whatever the feed holds and however much time passed, the oracle answers min(rate,
    ///      maxRate()) (so never above the cap, and never above the feed: a loss always shows), reverts
    ///      only without a rate, and its status names the case.
    function testFuzz_getRate_capsNeverReverts_succeeds(uint128 rate, uint32 reportAgo, uint32 elapsed) public {
        vm.warp(block.timestamp + elapsed);
        uint256 reportTime = block.timestamp - bound(reportAgo, 0, block.timestamp - 1);
        _update(rate, reportTime);
        if (rate == 0) {
            // The receiver ignores a zero rate: there is still none.
            vm.expectRevert(TrETHCollateralOracle.TrETHCollateralOracle_NoRate.selector);
            oracle.getRate();
            return;
        }
        uint256 ceiling = oracle.maxRate();
        uint256 expected = rate > ceiling ? ceiling : rate;
        TrETHCollateralOracle.RateStatus status = TrETHCollateralOracle.RateStatus.Normal;
        if (block.timestamp - reportTime > MAX_AGE) status = TrETHCollateralOracle.RateStatus.Stale;
        else if (rate < MIN_RATE) status = TrETHCollateralOracle.RateStatus.BelowFloor;
        else if (rate > ceiling) status = TrETHCollateralOracle.RateStatus.Capped;
        _assertStatus(status, rate, expected);
        assertLe(oracle.getRate(), ceiling);
        assertLe(oracle.getRate(), rate);
    }

    /// @dev Over a run of hub updates (gains, slashings, pumps), the answer is the feed's rate capped
    ///      at `maxRate()`: every fall of the feed reaches the market at once.
    function testFuzz_getRate_followsLosses_succeeds(uint64[4] memory moves) public {
        _update(SNAPSHOT_RATE, block.timestamp);
        uint256 previousFeed = SNAPSHOT_RATE;
        uint256 previousAnswer = oracle.getRate();
        for (uint256 i; i < moves.length; ++i) {
            vm.warp(block.timestamp + 1 hours);
            // -10% .. +10% asked of the feed; the receiver's bounds decide what it holds.
            _update(previousFeed * (9_000 + bound(moves[i], 0, 2_000)) / 10_000, block.timestamp);
            uint256 feedRate = receiver.getRate();
            uint256 ceiling = oracle.maxRate();
            uint256 answer = oracle.getRate();
            assertEq(answer, feedRate > ceiling ? ceiling : feedRate);
            if (feedRate < previousFeed) assertLe(answer, previousAnswer, "a loss did not reach the market");
            (previousFeed, previousAnswer) = (feedRate, answer);
        }
    }

    function testFuzz_ethValue_roundsDown_succeeds(uint96 amount, uint64 extra) public {
        uint256 rate = MIN_RATE + bound(extra, 0, SNAPSHOT_RATE - MIN_RATE);
        _update(rate, block.timestamp);
        uint256 value = oracle.ethValue(amount);
        assertEq(value, uint256(amount) * rate / 1e18);
        assertLe(value * 1e18, uint256(amount) * rate);
    }
}
