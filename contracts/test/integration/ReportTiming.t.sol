// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IOracleReportSanityChecker as ISC} from "../../src/shared/interfaces/IOracleReportSanityChecker.sol";
import {OracleReport} from "../../src/shared/types/OracleReport.sol";
import {HubStackFixture} from "./HubStackFixture.sol";

/// @dev Regression: a report covers beacon time between reference slots, not wall time between the
///      transactions that applied it. Members may land a frame's report anywhere in the frame; the
///      sanity checker's annual-increase bound must not depend on when.
contract ReportTimingTest is HubStackFixture {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant STAKED = 96 ether;
    /// @dev Per day on 96 ETH: 0.008 beacon growth + 0.002 skimmed = 0.01 ETH, ~3.8% APR.
    uint256 internal constant CL_REWARD = 0.008 ether;
    uint256 internal constant SKIM = 0.002 ether;
    uint256 internal constant ANNUAL_LIMIT_BPS = 1_000;

    function setUp() public {
        _deployStack();
        address alice = makeAddr("alice");
        vm.deal(alice, 106 ether);
        vm.prank(alice);
        trETH.depositETH{value: 106 ether}(alice, 0);
        vm.prank(keeper);
        trETH.depositBufferedEther(3);
        assertEq(sanityChecker.limits().annualBalanceIncreaseBps, ANNUAL_LIMIT_BPS);
    }

    /// @dev The integration author's case: frame 1 applied 60 s before its end, frame 2's honest
    ///      one-day report 60 s after its start. Wall time between them is 120 s, which read as
    ///      ~2,737% APR; the refSlots are one day apart, so it is the 3.8% it really is.
    function test_submitReport_lateThenEarlyHonestReport_succeeds() public {
        vm.warp(genesis + 2 * FRAME_SECONDS - 60);
        _fundVault(SKIM);
        _applyByQuorum(_frameReport(3, STAKED + CL_REWARD, SKIM, 0));

        vm.warp(genesis + 2 * FRAME_SECONDS + 60);
        _fundVault(SKIM);
        OracleReport memory r2 = _frameReport(3, STAKED + 2 * CL_REWARD, SKIM, 0);
        uint256 preCL = STAKED + CL_REWARD;
        uint256 wallBps = Math.mulDiv(CL_REWARD + SKIM, 365 days * BPS, preCL * 120, Math.Rounding.Ceil);
        assertGt(wallBps, 270_000, "wall-clock reading would be ~2,737% APR");

        uint256 pooled = trETH.totalPooledEther();
        uint256 rate = trETH.getRate();
        _expectElapsed(1 days);
        _applyByQuorum(r2);
        assertEq(trETH.totalPooledEther(), pooled + CL_REWARD + SKIM);
        assertGt(trETH.getRate(), rate);
    }

    /// @dev The reverse: frame 1 applied at its start, frame 2 at its end. Wall time is ~2 days, so
    ///      the old bound allowed twice the increase. A report just above the one-day limit is
    ///      rejected early and late in the frame alike; one at the limit applies.
    function test_submitReport_justAboveLimitAnyTime_reverts() public {
        vm.warp(genesis + FRAME_SECONDS + 60);
        _fundVault(SKIM);
        _applyByQuorum(_frameReport(3, STAKED + CL_REWARD, SKIM, 0));
        uint256 preCL = STAKED + CL_REWARD;
        // Largest increase within the limit over one day, and one wei above it.
        uint256 atLimit = preCL * ANNUAL_LIMIT_BPS * 1 days / (BPS * 365 days);
        uint256 aboveLimit = atLimit + 1;
        uint256 measured = Math.mulDiv(aboveLimit, 365 days * BPS, preCL * 1 days, Math.Rounding.Ceil);
        assertGt(measured, ANNUAL_LIMIT_BPS);
        uint256 wallSeconds = 2 * FRAME_SECONDS - 120;
        assertLe(
            Math.mulDiv(aboveLimit, 365 days * BPS, preCL * wallSeconds, Math.Rounding.Ceil),
            ANNUAL_LIMIT_BPS / 2 + 1,
            "wall-clock reading would allow ~2x"
        );
        bytes memory err = abi.encodeWithSelector(ISC.SanityChecker_AnnualIncreaseTooHigh.selector, measured, ANNUAL_LIMIT_BPS);

        // Early in frame 2.
        vm.warp(genesis + 2 * FRAME_SECONDS + 60);
        OracleReport memory bad = _frameReport(3, preCL + aboveLimit, 0, 0);
        _vote(0, bad);
        vm.expectRevert(err);
        _vote(1, bad);

        // Late in frame 2, 60 s before its end: same verdict.
        vm.warp(genesis + 3 * FRAME_SECONDS - 60);
        assertEq(hubOracle.currentRefSlot(), bad.refSlot);
        vm.expectRevert(err);
        _vote(1, bad);
        (,,, uint256 beaconBalance) = trETH.beaconStats();
        assertEq(beaconBalance, preCL, "rejected report left a trace");

        _expectElapsed(1 days);
        OracleReport memory good = _frameReport(3, preCL + atLimit, 0, 0);
        _vote(1, good);
        _vote(2, good);
        assertEq(hubOracle.lastAppliedRefSlot(), bad.refSlot);
        (,,, beaconBalance) = trETH.beaconStats();
        assertEq(beaconBalance, preCL + atLimit);
    }

    /// @dev A frame with no quorum: the next report covers both frames' beacon time.
    function test_submitReport_missedFrameCountsTwoDays_succeeds() public {
        _warpToFrame(1);
        _applyByQuorum(_frameReport(3, STAKED + CL_REWARD, 0, 0));
        _warpToFrame(3);
        _expectElapsed(2 days);
        _applyByQuorum(_frameReport(3, STAKED + 3 * CL_REWARD, 0, 0));
    }

    /// @dev The first report counts from slot 0: one slot short of a frame here (genesis = deploy).
    function test_submitReport_firstReportCountsFromGenesis_succeeds() public {
        _warpToFrame(1);
        OracleReport memory r1 = _frameReport(3, STAKED + CL_REWARD, 0, 0);
        assertEq(r1.refSlot, SLOTS_PER_FRAME - 1);
        _expectElapsed(uint256(r1.refSlot) * SECONDS_PER_SLOT);
        _applyByQuorum(r1);
    }

    /// @dev ReportCheck is all static words, so its first one (timeElapsed) directly follows the selector.
    function _expectElapsed(uint256 seconds_) internal {
        vm.expectCall(address(sanityChecker), abi.encodePacked(ISC.checkReport.selector, seconds_), 1);
    }
}
