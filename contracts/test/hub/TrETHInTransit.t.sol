// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ITrETH} from "../../src/shared/interfaces/ITrETH.sol";
import {OracleReport} from "../../src/shared/types/OracleReport.sol";
import {HubFixture} from "./harness/HubFixture.sol";

/// @dev The spoke-batch hooks of TrETH, called by an address standing in for the BackingLedger.
contract TrETHInTransitTest is HubFixture {
    uint16 internal constant FEE_BPS = 1000;
    address internal ledger = makeAddr("ledger");
    address internal whale = makeAddr("whale");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        _deployHub(1 ether, FEE_BPS, 5000);
        _addOperator("opA", 10);
        vm.deal(whale, 10_000 ether);
        vm.deal(ledger, 10_000 ether);
        vm.prank(whale);
        trETH.depositETH{value: 99 ether}(whale, 0);
        // One validator seen, then rewards: a rate above 1 so rounding is exercised.
        vm.prank(keeper);
        trETH.depositBufferedEther(1);
        _applyReport(_reportOf(1, 32 ether, 0, 0));
        _reportRewards(0.37 ether);
        assertGt(trETH.getRate(), 1e18);
        vm.prank(hubAdmin);
        trETH.setBackingLedger(ledger);
    }

    function _credit(uint256 assets) internal returns (uint256) {
        vm.prank(ledger);
        return trETH.creditBatch(assets);
    }

    function _settle(uint256 assets) internal {
        vm.prank(ledger);
        trETH.settleBatch{value: assets}(assets);
    }

    function _depositBacking(uint256 assets) internal returns (uint256) {
        vm.prank(ledger);
        return trETH.creditBatch{value: assets}(0);
    }

    /// @dev The rate never falls, and rises by at most 1 wei from rounding in the pool's favour.
    function _assertRateKept(uint256 before) internal view {
        uint256 rate = trETH.getRate();
        assertGe(rate, before, "rate fell");
        assertLe(rate - before, 1, "rate rose by more than rounding");
    }

    // ------------------------------------------------------------------ setBackingLedger

    function test_setBackingLedger_admin_succeeds() public {
        address next = makeAddr("next");
        vm.expectEmit(address(trETH));
        emit ITrETH.BackingLedgerSet(next);
        vm.prank(hubAdmin);
        trETH.setBackingLedger(next);
        assertEq(trETH.backingLedger(), next);
    }

    function test_setBackingLedger_notAdmin_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, trETH.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(stranger);
        trETH.setBackingLedger(stranger);
    }

    function test_setBackingLedger_zero_reverts() public {
        vm.expectRevert(ITrETH.TrETH_ZeroAddress.selector);
        vm.prank(hubAdmin);
        trETH.setBackingLedger(address(0));
    }

    // ------------------------------------------------------------------ access control

    function test_hooks_notLedger_reverts() public {
        vm.deal(stranger, 10 ether);
        vm.startPrank(stranger);
        bytes memory err = abi.encodeWithSelector(ITrETH.TrETH_NotBackingLedger.selector, stranger);
        vm.expectRevert(err);
        trETH.creditBatch{value: 1 ether}(1 ether);
        vm.expectRevert(err);
        trETH.settleBatch{value: 1 ether}(1 ether);
        vm.stopPrank();
    }

    /// @dev Before any ledger is set, nobody (not even the zero address check) can call the hooks.
    function test_hooks_noLedgerSet_reverts() public {
        vm.prank(hubAdmin);
        trETH.setBackingLedger(makeAddr("other"));
        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_NotBackingLedger.selector, ledger));
        _credit(1 ether);
    }

    /// @dev The hooks are explicit: plain ETH from the ledger is still refused.
    function test_receive_fromLedger_reverts() public {
        vm.prank(ledger);
        (bool ok, bytes memory ret) = address(trETH).call{value: 1 ether}("");
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(ITrETH.TrETH_UnexpectedEther.selector, ledger));
    }

    // ------------------------------------------------------------------ creditBatch: in transit

    function test_creditBatch_inTransit_mintsAtRateToLedger_succeeds() public {
        uint256 pooled = trETH.totalPooledEther();
        uint256 supply = trETH.totalSupply();
        uint256 buffered = trETH.bufferedEther();
        uint256 expected = Math.mulDiv(10 ether, supply, pooled);
        vm.expectEmit(address(trETH));
        emit ITrETH.BatchCredited(0, 10 ether, expected);
        assertEq(_credit(10 ether), expected);

        assertEq(trETH.balanceOf(ledger), expected);
        assertEq(trETH.inTransitEther(), 10 ether);
        assertEq(trETH.totalPooledEther(), pooled + 10 ether);
        assertEq(trETH.bufferedEther(), buffered, "credit touched the buffer");
        assertEq(address(trETH).balance, buffered, "no ETH moved");
    }

    function test_creditBatch_inTransit_zero_reverts() public {
        vm.expectRevert(ITrETH.TrETH_ZeroDeposit.selector);
        _credit(0);
    }

    function test_creditBatch_inTransit_whileDepositsPaused_succeeds() public {
        vm.prank(pauser);
        trETH.pauseDeposits();
        assertGt(_credit(1 ether), 0);
        _settle(1 ether);
        assertGt(_depositBacking(1 ether), 0);
        assertEq(trETH.inTransitEther(), 0);
    }

    function testFuzz_creditBatch_inTransit_rateUnchanged_succeeds(uint256 assets) public {
        assets = bound(assets, 1, 5_000 ether);
        uint256 rate = trETH.getRate();
        _credit(assets);
        _assertRateKept(rate);
    }

    // ------------------------------------------------------------------ settleBatch: landed

    function test_settleBatch_movesToBuffer_succeeds() public {
        _credit(10 ether);
        uint256 pooled = trETH.totalPooledEther();
        uint256 buffered = trETH.bufferedEther();
        uint256 supply = trETH.totalSupply();

        vm.expectEmit(address(trETH));
        emit ITrETH.BatchSettled(4 ether, 0, 0);
        _settle(4 ether);

        assertEq(trETH.inTransitEther(), 6 ether);
        assertEq(trETH.bufferedEther(), buffered + 4 ether);
        assertEq(trETH.totalPooledEther(), pooled, "settling moved pooled ETH");
        assertEq(trETH.totalSupply(), supply, "settling minted");
        assertEq(address(trETH).balance, buffered + 4 ether);
    }

    function test_settleBatch_moreThanInTransit_reverts() public {
        _credit(2 ether);
        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_InvalidSettlement.selector, 2 ether + 1, 2 ether + 1, 2 ether));
        _settle(2 ether + 1);
    }

    function test_settleBatch_nothingInTransit_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_InvalidSettlement.selector, 1, 1, 0));
        _settle(1);
    }

    function test_settleBatch_zero_reverts() public {
        _credit(1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_InvalidSettlement.selector, 0, 0, 1 ether));
        _settle(0);
    }

    function testFuzz_creditThenSettle_rateUnchanged_succeeds(uint256 assets, uint256 settled) public {
        assets = bound(assets, 1, 5_000 ether);
        settled = bound(settled, 1, assets);
        uint256 rate = trETH.getRate();
        _credit(assets);
        _settle(settled);
        _assertRateKept(rate);
        assertEq(trETH.inTransitEther(), assets - settled);
    }

    // ------------------------------------------------------------------ creditBatch: landed

    function test_creditBatch_landed_mintsToLedger_succeeds() public {
        uint256 pooled = trETH.totalPooledEther();
        uint256 buffered = trETH.bufferedEther();
        uint256 expected = Math.mulDiv(3 ether, trETH.totalSupply(), pooled);
        vm.expectEmit(address(trETH));
        emit ITrETH.BatchCredited(3 ether, 0, expected);
        assertEq(_depositBacking(3 ether), expected);
        assertEq(trETH.balanceOf(ledger), expected);
        assertEq(trETH.bufferedEther(), buffered + 3 ether);
        assertEq(trETH.inTransitEther(), 0);
    }

    /// @dev Dust worth less than a share unit lands anyway (no shares): a landing is never refused.
    function test_creditBatch_landed_dust_succeeds() public {
        uint256 supply = trETH.totalSupply();
        assertEq(_depositBacking(1), 0);
        assertEq(trETH.totalSupply(), supply);
    }

    function test_creditBatch_landed_zero_reverts() public {
        vm.expectRevert(ITrETH.TrETH_ZeroDeposit.selector);
        _depositBacking(0);
    }

    function testFuzz_creditBatch_landed_rateUnchanged_succeeds(uint256 assets) public {
        assets = bound(assets, 1, 5_000 ether);
        uint256 rate = trETH.getRate();
        _depositBacking(assets);
        _assertRateKept(rate);
    }

    // ------------------------------------------------------------------ settleBatch: written off

    /// @dev The ledger holds enough shares: they go with the missing ETH and the rate holds.
    function testFuzz_settleBatch_writeOff_coveredByLedger_rateUnchanged_succeeds(uint256 assets, uint256 missing)
        public
    {
        assets = bound(assets, 1, 5_000 ether);
        missing = bound(missing, 1, assets);
        _credit(assets);
        uint256 rate = trETH.getRate();
        uint256 worth = Math.mulDiv(missing, trETH.totalSupply(), trETH.totalPooledEther(), Math.Rounding.Ceil);
        uint256 held = trETH.balanceOf(ledger);
        uint256 pooled = trETH.totalPooledEther();
        vm.assume(worth <= held);

        vm.expectEmit(address(trETH));
        emit ITrETH.BatchSettled(0, missing, worth);
        vm.prank(ledger);
        assertEq(trETH.settleBatch(missing), worth);

        assertGe(trETH.getRate(), rate, "covered write-off lowered the rate");
        assertEq(trETH.inTransitEther(), assets - missing);
        assertEq(trETH.totalPooledEther(), pooled - missing);
        assertEq(trETH.balanceOf(ledger), held - worth);
    }

    /// @dev The ledger holds nothing: the missing ETH is a loss shared by every holder.
    function test_settleBatch_writeOff_uncovered_lowersRate_succeeds() public {
        _credit(10 ether);
        uint256 held = trETH.balanceOf(ledger);
        vm.prank(ledger);
        trETH.transfer(whale, held);
        uint256 supply = trETH.totalSupply();
        uint256 pooled = trETH.totalPooledEther();

        vm.prank(ledger);
        assertEq(trETH.settleBatch(4 ether), 0);

        assertEq(trETH.totalSupply(), supply);
        assertEq(trETH.totalPooledEther(), pooled - 4 ether);
        assertEq(trETH.getRate(), Math.mulDiv(pooled - 4 ether, 1e18, supply));
    }

    function test_settleBatch_writeOff_moreThanInTransit_reverts() public {
        _credit(1 ether);
        vm.expectRevert(abi.encodeWithSelector(ITrETH.TrETH_InvalidSettlement.selector, 0, 1 ether + 1, 1 ether));
        vm.prank(ledger);
        trETH.settleBatch(1 ether + 1);
    }

    // ------------------------------------------------------------------ oracle reports

    /// @dev A report with the beacon unchanged: the in-transit ETH is neither a loss nor a reward.
    function test_handleOracleReport_keepsInTransit_succeeds() public {
        _credit(50 ether);
        uint256 pooled = trETH.totalPooledEther();
        uint256 rate = trETH.getRate();
        uint256 supply = trETH.totalSupply();
        (, uint256 validators,, uint256 beacon) = trETH.beaconStats();

        OracleReport memory report = _reportOf(validators, beacon, 0, 0);
        vm.expectEmit(address(trETH));
        emit ITrETH.OracleReportHandled(report.refSlot, pooled, pooled, supply, 0, 0, 0);
        _applyReport(report);

        assertEq(trETH.totalPooledEther(), pooled);
        assertEq(trETH.getRate(), rate);
        assertEq(trETH.inTransitEther(), 50 ether);
    }

    /// @dev Rewards on top of in-transit ETH are computed on the beacon alone, and settling later
    ///      still balances.
    function test_handleOracleReport_rewardsWithInTransit_succeeds() public {
        _credit(20 ether);
        uint256 pooled = trETH.totalPooledEther();
        (, uint256 validators,, uint256 beacon) = trETH.beaconStats();

        OracleReport memory report = _reportOf(validators, beacon + 0.1 ether, 0, 0);
        _applyReport(report);

        assertEq(trETH.totalPooledEther(), pooled + 0.1 ether, "rewards not exactly the beacon gain");
        (,,, uint256 beaconAfter) = trETH.beaconStats();
        assertEq(trETH.totalPooledEther(), trETH.bufferedEther() + beaconAfter + 20 ether);

        uint256 rate = trETH.getRate();
        _settle(20 ether);
        assertEq(trETH.getRate(), rate);
        assertEq(trETH.totalPooledEther(), trETH.bufferedEther() + beaconAfter);
    }

    /// @dev A loss report with ETH in transit books only the beacon loss.
    function test_handleOracleReport_lossWithInTransit_succeeds() public {
        _credit(20 ether);
        uint256 pooled = trETH.totalPooledEther();
        (, uint256 validators,, uint256 beacon) = trETH.beaconStats();
        _applyReport(_reportOf(validators, beacon - 0.5 ether, 0, 0));
        assertEq(trETH.totalPooledEther(), pooled - 0.5 ether);
        assertEq(trETH.inTransitEther(), 20 ether);
    }
}
