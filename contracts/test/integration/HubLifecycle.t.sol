// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ITrETH} from "../../src/shared/interfaces/ITrETH.sol";
import {ITributaryOracle} from "../../src/shared/interfaces/ITributaryOracle.sol";
import {IWithdrawalQueue} from "../../src/shared/interfaces/IWithdrawalQueue.sol";
import {IDepositContract} from "../../src/shared/interfaces/IDepositContract.sol";
import {IOracleReportSanityChecker as ISC} from "../../src/shared/interfaces/IOracleReportSanityChecker.sol";
import {OracleReport} from "../../src/shared/types/OracleReport.sol";
import {DepositDataRoot} from "../../src/shared/libraries/DepositDataRoot.sol";
import {HubStackFixture} from "./HubStackFixture.sol";

/// @dev The hub end to end: real oracle votes drive the real pool, checker and queue.
contract HubLifecycleTest is HubStackFixture {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant STAKED = 96 ether;
    /// @dev Per day on 96 ETH: 0.008 beacon growth + 0.002 skimmed = 0.01 ETH, ~3.8% APR.
    uint256 internal constant CL_REWARD = 0.008 ether;
    uint256 internal constant SKIM = 0.002 ether;
    uint256 internal constant REWARDS = CL_REWARD + SKIM;
    uint256 internal constant WITHDRAW_SHARES = 5 ether;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    function setUp() public {
        _deployStack();
        vm.deal(alice, 100 ether);
        vm.deal(bob, 100 ether);
        vm.deal(carol, 100 ether);
    }

    // ------------------------------------------------------------------ 1. lifecycle

    /// @dev Stake -> validators deposited -> rewards reported -> request -> finalized -> claimed.
    ///      Steps are split only to keep each frame's locals on the stack.
    function test_lifecycle_stakeRewardWithdrawClaim_succeeds() public {
        _lifecycleStake();
        uint256 rate1 = _lifecycleFrame1();

        // Alice asks for 5 shares back; the NFT records the rate at request, rounded down to 1e-9.
        uint256 id = _request(alice, WITHDRAW_SHARES);
        assertEq(id, 1);
        assertEq(queue.ownerOf(id), alice);
        assertEq(queue.getRequest(id).rateAtRequest, rate1 - rate1 % 1e9);
        assertEq(trETH.balanceOf(address(queue)), WITHDRAW_SHARES);

        uint256 payout = _lifecycleFrame2(id, rate1);

        uint256 aliceEthBefore = alice.balance;
        vm.prank(alice);
        queue.claim(id);
        assertEq(alice.balance - aliceEthBefore, payout);
        assertEq(queue.lockedEther(), 0);
        assertEq(address(queue).balance, 0);
        assertEq(queue.balanceOf(alice), 0);
        assertEq(trETH.balanceOf(alice), 70 ether - WITHDRAW_SHARES);

        // Totals reconcile: the pool holds exactly its buffer; pooled = buffer + beacon.
        (uint256 deposited, uint256 seen,, uint256 beaconBalance) = trETH.beaconStats();
        assertEq(deposited, 3);
        assertEq(seen, 3);
        assertEq(beaconBalance, STAKED + 2 * CL_REWARD);
        assertEq(address(trETH).balance, trETH.bufferedEther());
        assertEq(trETH.totalPooledEther(), trETH.bufferedEther() + beaconBalance);
        assertEq(SEED + 106 ether + 2 * SKIM, trETH.bufferedEther() + STAKED + payout);
    }

    function _lifecycleStake() internal {
        // ETH and ERC-4626 WETH both mint 1:1 before any report.
        vm.prank(alice);
        uint256 aliceShares = trETH.depositETH{value: 70 ether}(alice, 70 ether);
        vm.startPrank(bob);
        weth.deposit{value: 36 ether}();
        weth.approve(address(trETH), 36 ether);
        uint256 bobShares = trETH.deposit(36 ether, bob);
        vm.stopPrank();
        assertEq(aliceShares, 70 ether);
        assertEq(bobShares, 36 ether);
        assertEq(trETH.bufferedEther(), SEED + 106 ether);

        // Keeper stakes three validators, one per operator under the 50% cap.
        bytes32 rootBefore = depositContract.get_deposit_root();
        vm.recordLogs();
        vm.prank(keeper);
        uint256 count = trETH.depositBufferedEther(3);
        vm.snapshotGasLastCall("HubLifecycle", "depositBufferedEther_3validators");
        assertEq(count, 3);
        _assertDepositEvents();
        for (uint256 id; id < 3; ++id) {
            assertEq(registry.getOperator(id).depositedKeys, 1);
        }
        assertEq(registry.totalDepositedKeys(), 3);
        assertEq(depositContract.get_deposit_count(), abi.encodePacked(DepositDataRoot.toLittleEndian64(3)));
        assertNotEq(depositContract.get_deposit_root(), rootBefore);
        assertEq(address(depositContract).balance, STAKED);
        assertEq(trETH.bufferedEther(), 11 ether);
        assertEq(trETH.totalPooledEther(), 107 ether);
    }

    /// @dev Validators appear with a day of rewards; returns the rate after the report.
    function _lifecycleFrame1() internal returns (uint256 rate1) {
        _warpToFrame(1);
        _fundVault(SKIM);
        OracleReport memory r1 = _frameReport(3, STAKED + CL_REWARD, SKIM, 0);
        uint256 supply0 = trETH.totalSupply();
        _vote(0, r1);
        // One vote is not a quorum.
        assertEq(hubOracle.lastAppliedRefSlot(), 0);
        assertEq(trETH.getRate(), 1e18);
        _vote(1, r1);
        assertEq(hubOracle.lastAppliedRefSlot(), r1.refSlot);

        uint256 post1 = 107 ether + REWARDS;
        uint256 feeShares1 = _feeShares(REWARDS, post1, supply0);
        rate1 = trETH.getRate();
        assertEq(trETH.totalPooledEther(), post1);
        assertEq(trETH.totalSupply(), supply0 + feeShares1);
        assertEq(rate1, Math.mulDiv(post1, 1e18, supply0 + feeShares1));
        assertGt(rate1, 1e18);
        _assertFeeSplit(feeShares1, REWARDS);
        // Holders keep 90% of rewards, pro rata.
        assertApproxEqAbs(trETH.convertToAssets(70 ether), 70 ether + (REWARDS - _fee(REWARDS)) * 70 / 107, 2);
        // The skim moved from the vault into the buffer.
        assertEq(address(trETH.WITHDRAWAL_VAULT()).balance, 0);
        assertEq(trETH.bufferedEther(), 11 ether + SKIM);
        assertEq(address(trETH).balance, trETH.bufferedEther());
    }

    /// @dev Another day of rewards, finalizing request `id` in the same report; returns its payout.
    function _lifecycleFrame2(uint256 id, uint256 rate1) internal returns (uint256 payout) {
        _warpToFrame(2);
        _fundVault(SKIM);
        OracleReport memory r2 = _frameReport(3, STAKED + 2 * CL_REWARD, SKIM, id);
        uint256 supply1 = trETH.totalSupply();
        uint256 post2 = 107 ether + 2 * REWARDS;
        uint256 supply2 = supply1 + _feeShares(REWARDS, post2, supply1);
        uint256 rate2 = Math.mulDiv(post2, 1e18, supply2);
        assertGt(rate2, rate1);
        // The rate rose since the request: the request rate (as stored, rounded down) caps the payout.
        uint256 storedRate1 = rate1 - rate1 % 1e9;
        payout = WITHDRAW_SHARES * Math.min(storedRate1, rate2) / 1e18;
        assertEq(payout, WITHDRAW_SHARES * storedRate1 / 1e18);

        _vote(2, r2);
        vm.expectEmit(address(queue));
        emit IWithdrawalQueue.WithdrawalsFinalized(id, id, payout, WITHDRAW_SHARES, rate2);
        _vote(0, r2);
        vm.snapshotGasLastCall("HubLifecycle", "submitReport_quorum_feeAndFinalize1");

        assertEq(queue.lastFinalizedRequestId(), id);
        assertEq(queue.lockedEther(), payout);
        assertEq(queue.claimableEther(id), payout);
        assertEq(address(queue).balance, payout);
        assertEq(trETH.balanceOf(address(queue)), 0);
        assertEq(trETH.totalSupply(), supply2 - WITHDRAW_SHARES);
        assertEq(trETH.bufferedEther(), 11 ether + 2 * SKIM - payout);
        assertEq(trETH.totalPooledEther(), post2 - payout);
        // The gap between the two rates stays with the holders.
        uint256 rateAfter = trETH.getRate();
        assertEq(rateAfter, Math.mulDiv(post2 - payout, 1e18, supply2 - WITHDRAW_SHARES));
        assertGt(rateAfter, rate2);
    }

    // ------------------------------------------------------------------ 2. sanity limits

    function test_submitReport_rewardsAt50PctApr_reverts() public {
        _stake();
        _warpToFrame(1);
        uint256 rise = STAKED * 5000 * 1 days / (BPS * 365 days);
        OracleReport memory bad = _frameReport(3, STAKED + rise, 0, 0);
        // The first report covers slots 0..refSlot: one slot short of a day, so a bit over 50%.
        uint256 elapsed = uint256(bad.refSlot) * SECONDS_PER_SLOT;
        assertEq(elapsed, 1 days - SECONDS_PER_SLOT);
        uint256 expectedBps = Math.mulDiv(rise, 365 days * BPS, STAKED * elapsed, Math.Rounding.Ceil);
        assertEq(expectedBps, 5001);
        _assertRejectedThenHonestApplies(
            bad, abi.encodeWithSelector(ISC.SanityChecker_AnnualIncreaseTooHigh.selector, expectedBps, 1000)
        );
    }

    function test_submitReport_balanceDrop20Pct_reverts() public {
        _stake();
        _warpToFrame(1);
        OracleReport memory bad = _frameReport(3, STAKED * 8000 / BPS, 0, 0);
        _assertRejectedThenHonestApplies(
            bad, abi.encodeWithSelector(ISC.SanityChecker_BalanceDecreaseTooHigh.selector, 2000, 500)
        );
    }

    /// @dev 5% APR is plausible, but ten days of it in one report exceed the 0.075% rebase cap: an
    ///      oracle outage this long needs the admin to widen the limit before reports apply again.
    /// @dev Ten days of rewards in one report (missed frames) are not refused, which would stall the
    ///      oracle: the rate rises by the 0.075% limit and the rest is deferred to later reports.
    function test_submitReport_tenDaysOfRewardsInOneReport_defers_succeeds() public {
        _stake();
        _warpToFrame(10);
        uint256 rise = STAKED * 500 * 10 days / (BPS * 365 days);
        OracleReport memory report = _frameReport(3, STAKED + rise, 0, 0);
        assertGt(Math.mulDiv(rise, 1e9, 107 ether), 750_000, "fits the limit: nothing to defer");
        _applyByQuorum(report);
        assertEq(trETH.totalPooledEther(), 107 ether + rise);
        assertApproxEqAbs(trETH.getRate(), Math.mulDiv(1e18, 1e9 + 750_000, 1e9), 1);
        assertGt(trETH.deferredShares(), 0);
    }

    // ------------------------------------------------------------------ 3. slashing

    function test_claim_slashedBeforeFinalization_succeeds() public {
        _stake();
        _applyFrame1();
        uint256 rate1 = trETH.getRate();
        uint256 id = _request(alice, WITHDRAW_SHARES);
        uint256 treasuryShares = trETH.balanceOf(treasury);

        // Frame 2: a 1.5% beacon loss, within the 5% bound, finalizing alice's request.
        _warpToFrame(2);
        uint256 slashed = (STAKED + CL_REWARD) * 9850 / BPS;
        uint256 supply1 = trETH.totalSupply();
        uint256 post2 = 11 ether + SKIM + slashed;
        uint256 rate2 = Math.mulDiv(post2, 1e18, supply1);
        assertLt(rate2, rate1);
        _applyByQuorum(_frameReport(3, slashed, 0, id));

        assertEq(trETH.totalSupply(), supply1 - WITHDRAW_SHARES);
        assertEq(trETH.balanceOf(treasury), treasuryShares);
        // Losses shared: the request pays the lower, finalization-time rate.
        uint256 payout = WITHDRAW_SHARES * rate2 / 1e18;
        assertLt(payout, WITHDRAW_SHARES * rate1 / 1e18);
        assertEq(queue.claimableEther(id), payout);
        assertEq(trETH.getRate(), Math.mulDiv(post2 - payout, 1e18, supply1 - WITHDRAW_SHARES));

        uint256 before = alice.balance;
        vm.prank(alice);
        queue.claim(id);
        assertEq(alice.balance - before, payout);
        assertEq(trETH.totalPooledEther(), post2 - payout);
        assertEq(address(trETH).balance, trETH.bufferedEther());
    }

    // ------------------------------------------------------------------ 4. disagreement

    function test_submitReport_threeDifferentReports_succeeds() public {
        _stake();
        _warpToFrame(1);
        uint256 refSlot = hubOracle.currentRefSlot();
        OracleReport memory a = _frameReport(3, STAKED + CL_REWARD, 0, 0);
        OracleReport memory b = _frameReport(3, STAKED + CL_REWARD + 1, 0, 0);
        OracleReport memory c = _frameReport(3, STAKED + CL_REWARD + 2, 0, 0);
        _vote(0, a);
        _vote(1, b);
        _vote(2, c);
        assertEq(hubOracle.lastAppliedRefSlot(), 0);
        assertEq(hubOracle.getSupport(keccak256(abi.encode(a))), 1);
        assertEq(trETH.getRate(), 1e18);
        (, uint256 seen,,) = trETH.beaconStats();
        assertEq(seen, 0);

        // A member cannot change a vote within a round.
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_AlreadyVoted.selector, refSlot, members[1]));
        _vote(1, a);

        // A new round (the admin re-sets the same config) lets members re-vote.
        ITributaryOracle.FrameConfig memory config = hubOracle.frameConfig();
        uint256 round = hubOracle.votingRound();
        vm.prank(hubAdmin);
        hubOracle.setFrameConfig(config);
        assertEq(hubOracle.votingRound(), round + 1);
        assertFalse(hubOracle.hasVoted(members[1]));
        assertEq(hubOracle.getSupport(keccak256(abi.encode(a))), 0);
        _vote(1, a);
        assertEq(hubOracle.lastAppliedRefSlot(), 0);
        _vote(2, a);
        assertEq(hubOracle.lastAppliedRefSlot(), refSlot);
        (,,, uint256 beaconBalance) = trETH.beaconStats();
        assertEq(beaconBalance, STAKED + CL_REWARD);
        uint256 rate = trETH.getRate();
        assertGt(rate, 1e18);

        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_FrameAlreadyApplied.selector, refSlot));
        _vote(0, a);
        assertEq(trETH.getRate(), rate);
    }

    function test_submitReport_frameEndedWithoutQuorum_reverts() public {
        _stake();
        _warpToFrame(1);
        OracleReport memory stale = _frameReport(3, STAKED + CL_REWARD, 0, 0);
        _vote(0, stale);

        // The frame ends: its report is no longer accepted, the next frame's is, over two days.
        _warpToFrame(2);
        uint256 refSlot2 = hubOracle.currentRefSlot();
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_WrongRefSlot.selector, stale.refSlot, refSlot2));
        _vote(1, stale);
        OracleReport memory fresh = _frameReport(3, STAKED + 2 * CL_REWARD, 0, 0);
        _vote(0, fresh);
        _vote(1, fresh);
        assertEq(hubOracle.lastAppliedRefSlot(), refSlot2);
        assertEq(trETH.totalPooledEther(), 107 ether + 2 * CL_REWARD);
    }

    // ------------------------------------------------------------------ 5. pauses

    function test_claim_depositsPaused_succeeds() public {
        _stake();
        _applyFrame1();
        uint256 id = _request(alice, WITHDRAW_SHARES);
        vm.prank(pauser);
        trETH.pauseDeposits();

        vm.prank(carol);
        vm.expectRevert(ITrETH.TrETH_DepositsPaused.selector);
        trETH.depositETH{value: 1 ether}(carol, 0);

        // Reports still apply and finalize; the finalized request stays claimable.
        _warpToFrame(2);
        _fundVault(SKIM);
        _applyByQuorum(_frameReport(3, STAKED + 2 * CL_REWARD, SKIM, id));
        uint256 payout = queue.claimableEther(id);
        assertGt(payout, 0);
        uint256 before = alice.balance;
        vm.prank(alice);
        queue.claim(id);
        assertEq(alice.balance - before, payout);
    }

    function test_claim_requestsPaused_succeeds() public {
        _stake();
        _applyFrame1();
        uint256 id = _request(alice, WITHDRAW_SHARES);
        vm.prank(pauser);
        queue.pauseRequests();

        vm.startPrank(bob);
        trETH.approve(address(queue), 1 ether);
        vm.expectRevert(IWithdrawalQueue.WithdrawalQueue_RequestsPaused.selector);
        queue.requestWithdrawal(1 ether, bob);
        vm.stopPrank();

        _warpToFrame(2);
        _fundVault(SKIM);
        _applyByQuorum(_frameReport(3, STAKED + 2 * CL_REWARD, SKIM, id));
        assertEq(queue.lastFinalizedRequestId(), id);
        uint256 payout = queue.claimableEther(id);
        assertGt(payout, 0);
        uint256 before = alice.balance;
        vm.prank(alice);
        queue.claim(id);
        assertEq(alice.balance - before, payout);
        assertTrue(queue.requestsPaused());
    }

    // ------------------------------------------------------------------ helpers

    /// @dev 107 ETH pooled (seed 1 + alice 70 by ETH + bob 36 by WETH), 96 of it staked.
    function _stake() internal {
        vm.prank(alice);
        trETH.depositETH{value: 70 ether}(alice, 70 ether);
        vm.startPrank(bob);
        weth.deposit{value: 36 ether}();
        weth.approve(address(trETH), 36 ether);
        trETH.deposit(36 ether, bob);
        vm.stopPrank();
        vm.prank(keeper);
        trETH.depositBufferedEther(3);
    }

    function _applyFrame1() internal {
        _warpToFrame(1);
        _fundVault(SKIM);
        _applyByQuorum(_frameReport(3, STAKED + CL_REWARD, SKIM, 0));
    }

    function _fee(uint256 rewards) internal pure returns (uint256) {
        return rewards * FEE_BPS / BPS;
    }

    /// @dev Shares s worth the fee after minting: s * post / (supply + s) = fee.
    function _feeShares(uint256 rewards, uint256 post, uint256 supply) internal pure returns (uint256) {
        uint256 fee = _fee(rewards);
        return Math.mulDiv(fee, supply, post - fee);
    }

    /// @dev Fee shares are worth 10% of rewards; operators (one key each) split half, the treasury
    ///      takes the rest with the rounding dust.
    function _assertFeeSplit(uint256 feeShares, uint256 rewards) internal view {
        assertApproxEqAbs(trETH.convertToAssets(feeShares), _fee(rewards), 1);
        uint256 perOperator = (feeShares - feeShares * TREASURY_SHARE_BPS / BPS) / 3;
        assertGt(perOperator, 0);
        for (uint256 id; id < 3; ++id) {
            assertEq(trETH.balanceOf(registry.getOperator(id).rewardAddress), perOperator);
        }
        assertEq(trETH.balanceOf(treasury), feeShares - 3 * perOperator);
    }

    /// @dev One DepositEvent per validator, each with the pool's credentials and the next key of
    ///      a different operator.
    function _assertDepositEvents() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 seen;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter != address(depositContract)) continue;
            assertEq(logs[i].topics[0], IDepositContract.DepositEvent.selector);
            (bytes memory pubkey, bytes memory credentials,,,) =
                abi.decode(logs[i].data, (bytes, bytes, bytes, bytes, bytes));
            (bytes memory expectedKey,) = registry.getSigningKey(seen, 0);
            assertEq(pubkey, expectedKey);
            assertEq(bytes32(credentials), trETH.withdrawalCredentials());
            ++seen;
        }
        assertEq(seen, 3);
    }

    /// @dev The quorum vote for `bad` reverts with `err` and leaves no trace; two members who have
    ///      not voted for it then apply the honest report for the same frame.
    function _assertRejectedThenHonestApplies(OracleReport memory bad, bytes memory err) internal {
        _fundVault(SKIM);
        uint256 refSlot = bad.refSlot;
        _vote(0, bad);
        vm.expectRevert(err);
        _vote(1, bad);

        assertEq(hubOracle.lastAppliedRefSlot(), 0);
        assertEq(hubOracle.getSupport(keccak256(abi.encode(bad))), 1);
        assertFalse(hubOracle.hasVoted(members[1]));
        assertEq(trETH.getRate(), 1e18);
        assertEq(trETH.totalPooledEther(), 107 ether);
        assertEq(address(trETH.WITHDRAWAL_VAULT()).balance, SKIM);
        (, uint256 seen,, uint256 beaconBalance) = trETH.beaconStats();
        assertEq(seen, 0);
        assertEq(beaconBalance, 0);

        OracleReport memory honest = _frameReport(3, STAKED + CL_REWARD, SKIM, 0);
        _vote(1, honest);
        _vote(2, honest);
        assertEq(hubOracle.lastAppliedRefSlot(), refSlot);
        assertEq(trETH.totalPooledEther(), 107 ether + REWARDS);
        assertGt(trETH.getRate(), 1e18);
    }
}
