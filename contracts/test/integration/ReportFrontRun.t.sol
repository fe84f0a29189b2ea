// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ITrETH} from "../../src/shared/interfaces/ITrETH.sol";
import {OracleReport} from "../../src/shared/types/OracleReport.sol";
import {HubStackFixture} from "./HubStackFixture.sol";

/// @dev The attacks of issue 11 findings 1 and 2 on the real oracle, checker, pool and queue, at the
///      shipped limits (0.075% rise per report, 0.10% instant-exit fee): each tries to beat a
///      passive holder around a report and must fail.
contract ReportFrontRunTest is HubStackFixture {
    uint256 internal constant LIMIT_PPB = 750_000;
    uint256 internal constant STAKED = 96 ether;
    /// @dev A week of beacon growth on 96 ETH at 9% a year: inside the checker's 10% bound.
    uint256 internal constant WEEKLY_REWARD = STAKED * 900 * 7 days / (10_000 * 365 days);

    address internal whale = makeAddr("whale");
    address internal holder = makeAddr("holder");
    address internal attacker = makeAddr("attacker");
    uint256 internal beacon = STAKED;

    function setUp() public {
        _deployStack();
        vm.deal(whale, 1_000 ether);
        vm.deal(holder, 1_000 ether);
        vm.deal(attacker, 1_000 ether);
        vm.prank(whale);
        trETH.depositETH{value: 900 ether}(whale, 0);
        vm.prank(holder);
        trETH.depositETH{value: 99 ether}(holder, 0);
        vm.prank(keeper);
        trETH.depositBufferedEther(3);
        _warpToFrame(1);
        _applyByQuorum(_frameReport(3, STAKED, 0, 0));
    }

    /// @dev Finding 1: the whale (90% of supply) queues its exit; two weekly reports pass while its
    ///      shares still count; the finalizing report pays it at the request-time rate. Before, the
    ///      difference landed on the rate in one step (~0.3% here, four times the limit); now each
    ///      report moves the rate by at most 0.075%, and an attacker who deposits just before that
    ///      report and exits at once after it loses the exit fee.
    function test_finalization_whaleSurplusDeferred_jitLoses_succeeds() public {
        uint256 id = _request(whale, trETH.balanceOf(whale));
        _weeklyReport(8, 0);
        _weeklyReport(15, 0);

        _warpToFrame(22);
        // Deposits stay open while the report is due: the attacker buys at the pre-report rate.
        vm.prank(attacker);
        uint256 shares = trETH.depositETH{value: 50 ether}(attacker, 0);
        uint256 rateBefore = trETH.getRate();
        uint256 supplyBefore = trETH.totalSupply();
        _applyWeekly(id);

        assertEq(queue.lastFinalizedRequestId(), id, "whale not finalized");
        assertLe(trETH.getRate(), Math.mulDiv(rateBefore, 1e9 + LIMIT_PPB, 1e9) + 1, "finalization jumped the rate");
        // Without deferral the surplus would have gone to the rate at once: check it was large.
        uint256 undeferredRate =
            Math.mulDiv(trETH.totalPooledEther(), 1e18, trETH.totalSupply() - trETH.deferredShares());
        assertGt(undeferredRate, Math.mulDiv(rateBefore, 1e9 + 3 * LIMIT_PPB, 1e9), "scenario too small to test");
        assertLt(trETH.totalSupply(), supplyBefore, "whale's shares not retired");

        vm.prank(attacker);
        uint256 out = trETH.redeem(shares, attacker, attacker);
        assertLt(out, 50 ether, "deposit-report-exit profited");

        // The deferred surplus reaches holders over later reports, never faster than the limit.
        for (uint256 frame = 23; trETH.deferredShares() > 0; ++frame) {
            uint256 before = trETH.getRate();
            _warpToFrame(frame);
            _applyByQuorum(_frameReport(3, beacon, 0, 0));
            // +1: the bound holds on exact pooled/supply; rates read here are rounded down.
            assertLe(trETH.getRate(), Math.mulDiv(before, 1e9 + LIMIT_PPB, 1e9) + 1, "release jumped the rate");
            assertLt(frame, 40, "surplus never released");
        }
        // At least: the attacker's exit fee stayed in the pool too.
        assertGe(trETH.getRate(), undeferredRate, "holders did not get the surplus");
    }

    /// @dev Finding 2, loss: once the frame's reference slot passes, the report is fixed by public
    ///      beacon state, and the first vote publishes it. Instant exits stay closed until it applies,
    ///      so a holder cannot leave at the pre-loss rate; the queue shares the loss.
    function test_redeem_beforeLossReportAfterFirstVote_reverts() public {
        uint256 refSlot = _warpAndVoteLoss(8);
        assertEq(trETH.pendingReportRefSlot(), refSlot);
        assertEq(trETH.maxRedeem(holder), 0);
        assertEq(trETH.maxWithdraw(holder), 0);
        vm.prank(holder);
        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_ReportPending.selector, refSlot));
        trETH.redeem(1 ether, holder, holder);
        vm.prank(holder);
        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_ReportPending.selector, refSlot));
        trETH.withdraw(1 ether, holder, holder);

        uint256 rate = trETH.getRate();
        _vote(1, _frameReport(3, beacon, 0, 0));
        assertLt(trETH.getRate(), rate, "loss not applied");
        assertEq(trETH.pendingReportRefSlot(), 0);
        assertGt(trETH.maxRedeem(holder), 0, "exits stay closed after the report");
        vm.prank(holder);
        uint256 out = trETH.redeem(1 ether, holder, holder);
        assertLe(out, Math.mulDiv(1 ether, trETH.getRate(), 1e18), "exit not at the post-loss rate");
    }

    /// @dev Finding 2, rewards: a deposit after the first vote, redeemed right after quorum, pays the
    ///      exit fee (0.10%) for a rise of at most 0.075%.
    function test_redeem_depositAfterFirstVoteThenExit_loses_succeeds() public {
        _warpToFrame(8);
        beacon += WEEKLY_REWARD;
        OracleReport memory report = _frameReport(3, beacon, 0, 0);
        _vote(0, report);
        vm.prank(attacker);
        uint256 shares = trETH.depositETH{value: 500 ether}(attacker, 0);
        _vote(1, report);
        vm.prank(attacker);
        uint256 out = trETH.redeem(shares, attacker, attacker);
        assertLt(out, 500 ether, "risk-free reward");
    }

    /// @dev Review finding: the instant-exit fee used to stay in the buffer while all the exiting
    ///      shares burned, so a large exit lifted the rate at once (0.45% here) for whoever deposited
    ///      just before it. The fee's shares are now deferred like any other gain.
    function test_redeem_largeExitFee_doesNotJumpRate_succeeds() public {
        uint256 rate = trETH.getRate();
        vm.prank(attacker);
        uint256 shares = trETH.depositETH{value: 100 ether}(attacker, 0);
        uint256 whaleShares = trETH.maxRedeem(whale);
        vm.prank(whale);
        trETH.redeem(whaleShares, whale, whale);
        assertLe(trETH.getRate(), rate + 1, "the fee lifted the rate outside a report");
        assertGt(trETH.deferredShares(), 0, "the fee's shares were not deferred");
        vm.prank(attacker);
        assertLt(trETH.redeem(shares, attacker, attacker), 100 ether, "sandwich profited");
    }

    /// @dev Review finding: a loss while deferred gains exist used to be charged to the requests a
    ///      report finalizes while holders' rate still rose. Requests are now priced at the rate
    ///      holders end the report at.
    function test_finalization_lossWithDeferredGains_sharedWithHolders_succeeds() public {
        uint256 id = _request(whale, trETH.balanceOf(whale));
        _weeklyReport(8, 0);
        _weeklyReport(15, 0);
        _weeklyReport(22, id);
        assertGt(trETH.deferredShares(), 0, "no deferred gains");
        vm.prank(attacker);
        trETH.depositETH{value: 100 ether}(attacker, 0);
        uint256 id2 = _request(holder, trETH.balanceOf(holder) / 2);
        uint256 rateAtRequest = trETH.getRate();

        _warpToFrame(23);
        beacon -= 0.2 ether;
        _applyByQuorum(_frameReport(3, beacon, 0, id2));
        uint256 paidRate = Math.mulDiv(queue.claimableEther(id2), 1e18, queue.getRequest(id2).shares);
        // The queue keeps the request-time rate rounded down to 1e-9, in the pool's favour.
        uint256 storedRate = queue.getRequest(id2).rateAtRequest;
        assertEq(storedRate, rateAtRequest - rateAtRequest % 1e9);
        // The request gets the lower of its request-time rate and what holders end with.
        assertApproxEqAbs(paidRate, Math.min(storedRate, trETH.getRate()), 1, "request and holders priced apart");
    }

    /// @dev Review finding: ETH sent to the withdrawal vault used to break the checker's annual
    ///      bound and stall every report (and with them, instant exits). The vault now counts only
    ///      up to that bound; the rest waits in the vault and drips in.
    function test_report_vaultDonation_neverStallsOracle_succeeds() public {
        address donor = makeAddr("donor");
        vm.deal(donor, 10 ether);
        vm.prank(donor);
        (bool ok,) = address(trETH.WITHDRAWAL_VAULT()).call{value: 10 ether}("");
        assertTrue(ok);
        address vault = address(trETH.WITHDRAWAL_VAULT());
        uint256 pooled = trETH.totalPooledEther();
        for (uint256 frame = 2; frame < 6; ++frame) {
            _warpToFrame(frame);
            _applyByQuorum(_frameReport(3, beacon, vault.balance, 0));
            assertEq(trETH.pendingReportRefSlot(), 0, "exits stay closed");
        }
        assertGt(vault.balance, 0, "the donation counted at once");
        assertGt(trETH.totalPooledEther(), pooled, "the donation never drips in");
    }

    function _warpAndVoteLoss(uint256 frame) internal returns (uint256 refSlot) {
        _warpToFrame(frame);
        beacon -= 1 ether;
        OracleReport memory report = _frameReport(3, beacon, 0, 0);
        _vote(0, report);
        return report.refSlot;
    }

    function _weeklyReport(uint256 frame, uint256 finalizeUpTo) internal {
        _warpToFrame(frame);
        _applyWeekly(finalizeUpTo);
    }

    function _applyWeekly(uint256 finalizeUpTo) internal {
        beacon += WEEKLY_REWARD;
        _applyByQuorum(_frameReport(3, beacon, 0, finalizeUpTo));
    }

}
