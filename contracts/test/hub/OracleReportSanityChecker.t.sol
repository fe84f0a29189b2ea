// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {OracleReportSanityChecker} from "../../src/hub/OracleReportSanityChecker.sol";
import {IOracleReportSanityChecker as ISC} from "../../src/shared/interfaces/IOracleReportSanityChecker.sol";

contract OracleReportSanityCheckerTest is Test {
    OracleReportSanityChecker internal checker;
    address internal admin = makeAddr("admin");
    address internal stranger = makeAddr("stranger");

    uint256 internal constant PRE_BALANCE = 3_200 ether; // 100 validators at 32 ETH
    uint256 internal constant PRE_POOLED = 3_500 ether;

    function setUp() public {
        checker = new OracleReportSanityChecker(admin, _defaults());
    }

    function _defaults() internal pure returns (ISC.Limits memory) {
        return ISC.Limits({
            annualBalanceIncreaseBps: 1_000,
            maxPositiveRebasePpb: 750_000,
            maxBalanceDecreaseBps: 500,
            maxAppearedValidatorsPerReport: 1_800,
            maxExitedValidatorsPerReport: 3_600
        });
    }

    /// @dev One day, 100 validators, no change: passes every check.
    function _flat() internal pure returns (ISC.ReportCheck memory c) {
        c.timeElapsed = 1 days;
        c.preBeaconBalance = PRE_BALANCE;
        c.postBeaconBalance = PRE_BALANCE;
        c.preTotalPooledEther = PRE_POOLED;
        c.postTotalPooledEther = PRE_POOLED;
        c.preBeaconValidators = 100;
        c.postBeaconValidators = 100;
        c.depositedValidators = 110;
    }

    // ------------------------------------------------------------------ constructor / limits

    function test_constructor_setsLimitsAndAdmin_succeeds() public view {
        ISC.Limits memory l = checker.limits();
        assertEq(l.annualBalanceIncreaseBps, 1_000);
        assertEq(l.maxPositiveRebasePpb, 750_000);
        assertEq(l.maxBalanceDecreaseBps, 500);
        assertEq(l.maxAppearedValidatorsPerReport, 1_800);
        assertEq(l.maxExitedValidatorsPerReport, 3_600);
        assertTrue(checker.hasRole(checker.DEFAULT_ADMIN_ROLE(), admin));
        assertEq(keccak256(abi.encode(checker.defaultLimits())), keccak256(abi.encode(_defaults())));
    }

    function test_constructor_invalidLimits_reverts() public {
        ISC.Limits memory l = _defaults();
        l.maxBalanceDecreaseBps = 10_001;
        vm.expectRevert(ISC.SanityChecker_InvalidLimits.selector);
        new OracleReportSanityChecker(admin, l);
    }

    function test_setLimits_byAdmin_succeeds() public {
        ISC.Limits memory l = _defaults();
        l.annualBalanceIncreaseBps = 2_000;
        vm.expectEmit(address(checker));
        emit ISC.LimitsSet(l);
        vm.prank(admin);
        checker.setLimits(l);
        assertEq(checker.limits().annualBalanceIncreaseBps, 2_000);
    }

    function test_setLimits_byStranger_reverts() public {
        ISC.Limits memory l = _defaults();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, checker.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(stranger);
        checker.setLimits(l);
    }

    function test_setLimits_eachInvalidField_reverts() public {
        ISC.Limits[6] memory bad;
        for (uint256 i; i < 6; ++i) {
            bad[i] = _defaults();
        }
        bad[0].annualBalanceIncreaseBps = 10_001;
        bad[1].maxBalanceDecreaseBps = 10_001;
        bad[2].maxPositiveRebasePpb = 0;
        bad[3].maxPositiveRebasePpb = 1e9 + 1;
        bad[4].maxAppearedValidatorsPerReport = 0;
        bad[5].maxExitedValidatorsPerReport = 0;
        for (uint256 i; i < 6; ++i) {
            vm.expectRevert(ISC.SanityChecker_InvalidLimits.selector);
            vm.prank(admin);
            checker.setLimits(bad[i]);
        }
    }

    // ------------------------------------------------------------------ checkReport: passes

    function test_checkReport_flatReport_succeeds() public view {
        checker.checkReport(_flat());
    }

    function test_checkReport_newValidatorsAndExitsAreNeutral_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        // 10 appear (320 ETH deposited), 5 exit (160 ETH moves from beacon to the vault).
        c.postBeaconValidators = 110;
        c.postExitedValidators = 5;
        c.postBeaconBalance = PRE_BALANCE + 320 ether - 160 ether;
        c.withdrawalVaultBalance = 160 ether;
        checker.checkReport(c);
    }

    // ------------------------------------------------------------------ validator counts

    function test_checkReport_beaconValidatorsDecreased_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.postBeaconValidators = 99;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_BeaconValidatorsDecreased.selector, 100, 99));
        checker.checkReport(c);
    }

    function test_checkReport_moreValidatorsThanDeposited_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.postBeaconValidators = 111;
        c.postBeaconBalance = PRE_BALANCE + 11 * 32 ether;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_MoreValidatorsThanDeposited.selector, 111, 110));
        checker.checkReport(c);
    }

    function test_checkReport_tooManyAppeared_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.depositedValidators = 5_000;
        c.postBeaconValidators = 100 + 1_801;
        c.postBeaconBalance = PRE_BALANCE + 1_801 * 32 ether;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_TooManyAppearedValidators.selector, 1_801, 1_800));
        checker.checkReport(c);
    }

    function test_checkReport_appearedAtLimit_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        c.depositedValidators = 5_000;
        c.postBeaconValidators = 100 + 1_800;
        c.postBeaconBalance = PRE_BALANCE + 1_800 * 32 ether;
        checker.checkReport(c);
    }

    function test_checkReport_exitedDecreased_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.preExitedValidators = 3;
        c.postExitedValidators = 2;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_ExitedValidatorsDecreased.selector, 3, 2));
        checker.checkReport(c);
    }

    function test_checkReport_tooManyExited_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.preBeaconValidators = 10_000;
        c.postBeaconValidators = 10_000;
        c.depositedValidators = 10_000;
        c.postExitedValidators = 3_601;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_TooManyExitedValidators.selector, 3_601, 3_600));
        checker.checkReport(c);
    }

    function test_checkReport_exitedExceedsAppeared_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.postExitedValidators = 101;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_ExitedExceedsAppeared.selector, 101, 100));
        checker.checkReport(c);
    }

    // ------------------------------------------------------------------ annual increase

    /// @dev 10% APR on 3,200 ETH for one day is 0.876712... ETH; the ceiling sits just above it.
    function test_checkReport_annualIncreaseAtLimit_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        c.postBeaconBalance = PRE_BALANCE + (PRE_BALANCE * 1_000 * 1 days) / (365 days * 10_000);
        checker.checkReport(c);
    }

    /// @dev Only the validators move the beacon balance: its growth past the bound is refused.
    function test_checkReport_annualIncreaseAboveLimit_reverts() public {
        ISC.ReportCheck memory c = _flat();
        uint256 atLimit = (PRE_BALANCE * 1_000 * 1 days) / (365 days * 10_000);
        c.postBeaconBalance = PRE_BALANCE + atLimit + 1e12;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_AnnualIncreaseTooHigh.selector, 1_001, 1_000));
        checker.checkReport(c);
    }

    /// @dev Anyone can send ETH to the vault: beacon + vault past the bound is not refused, the
    ///      vault counts only up to the bound and the rest waits for later reports.
    function test_checkReport_vaultPastAnnualBound_countsUpToIt_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        uint256 atLimit = (PRE_BALANCE * 1_000 * 1 days) / (365 days * 10_000);
        c.postBeaconBalance = PRE_BALANCE + atLimit / 2;
        c.withdrawalVaultBalance = 100 ether;
        assertEq(checker.checkReport(c), atLimit - atLimit / 2, "vault counted past the bound");
        c.withdrawalVaultBalance = 1e9;
        assertEq(checker.checkReport(c), 1e9, "vault within the bound not counted whole");
    }

    /// @dev Whatever sits in the vault, the check never reverts for it, never counts more than is
    ///      there, never lets beacon + vault pass the annual bound, and counts the vault in full
    ///      whenever it fits.
    function testFuzz_checkReport_vaultCountedWithinBound_succeeds(uint256 beaconMove, bool up, uint256 vault)
        public
        view
    {
        ISC.ReportCheck memory c = _flat();
        uint256 allowed = (PRE_BALANCE * 1_000 * 1 days) / (365 days * 10_000);
        // Beacon growth up to the bound, or a fall up to the 5% drop limit (as exits would make).
        beaconMove = bound(beaconMove, 0, up ? allowed : PRE_BALANCE / 25);
        c.postBeaconBalance = up ? PRE_BALANCE + beaconMove : PRE_BALANCE - beaconMove;
        c.withdrawalVaultBalance = bound(vault, up ? 0 : beaconMove, 1_000_000 ether);
        uint256 counted = checker.checkReport(c);
        assertLe(counted, c.withdrawalVaultBalance, "counted more than the vault holds");
        assertLe(c.postBeaconBalance + counted, PRE_BALANCE + allowed, "beacon + vault past the bound");
        if (c.postBeaconBalance + c.withdrawalVaultBalance <= PRE_BALANCE + allowed) {
            assertEq(counted, c.withdrawalVaultBalance, "a vault that fits not counted in full");
        }
    }

    /// @dev Exits move ETH from the beacon chain to the vault: the vault counts in full.
    function test_checkReport_exitPrincipalInVault_countsInFull_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        c.postBeaconBalance = PRE_BALANCE - 320 ether;
        c.withdrawalVaultBalance = 320 ether;
        assertEq(checker.checkReport(c), 320 ether);
    }

    function test_checkReport_zeroTimeElapsedWithIncrease_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.timeElapsed = 0;
        c.postBeaconBalance = PRE_BALANCE + 1;
        vm.expectRevert(
            abi.encodeWithSelector(ISC.SanityChecker_AnnualIncreaseTooHigh.selector, type(uint256).max, 1_000)
        );
        checker.checkReport(c);
    }

    function test_checkReport_zeroTimeElapsedNoIncrease_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        c.timeElapsed = 0;
        checker.checkReport(c);
    }

    /// @dev Growth from no consensus-layer base: beacon growth is refused, vault ETH is not counted.
    function test_checkReport_growthFromZeroBase_reverts() public {
        ISC.ReportCheck memory c;
        c.timeElapsed = 1 days;
        c.withdrawalVaultBalance = 1;
        assertEq(checker.checkReport(c), 0, "vault counted with no base");
        c.postBeaconBalance = 1;
        vm.expectRevert(
            abi.encodeWithSelector(ISC.SanityChecker_AnnualIncreaseTooHigh.selector, type(uint256).max, 1_000)
        );
        checker.checkReport(c);
    }

    function testFuzz_checkReport_annualIncreaseWithinLimit_succeeds(uint128 base, uint32 elapsed, uint256 bps)
        public
        view
    {
        base = uint128(bound(base, 32 ether, 10_000_000 ether));
        elapsed = uint32(bound(elapsed, 1 hours, 30 days));
        bps = bound(bps, 0, 1_000);
        ISC.ReportCheck memory c = _flat();
        c.timeElapsed = elapsed;
        c.preBeaconBalance = base;
        c.postBeaconBalance = base + (uint256(base) * bps * elapsed) / (365 days * 10_000);
        // Keep the rebase check out of the way: pooled ETH unchanged.
        checker.checkReport(c);
    }

    function testFuzz_checkReport_annualIncreaseAboveLimit_reverts(uint128 base, uint32 elapsed, uint256 bps)
        public
    {
        base = uint128(bound(base, 32 ether, 10_000_000 ether));
        elapsed = uint32(bound(elapsed, 1 hours, 30 days));
        bps = bound(bps, 1_001, 10_000);
        ISC.ReportCheck memory c = _flat();
        c.timeElapsed = elapsed;
        c.preBeaconBalance = base;
        c.postBeaconBalance = base + (uint256(base) * bps * elapsed) / (365 days * 10_000);
        vm.expectPartialRevert(ISC.SanityChecker_AnnualIncreaseTooHigh.selector);
        checker.checkReport(c);
    }

    // ------------------------------------------------------------------ balance decrease

    function test_checkReport_decreaseAtLimit_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        c.postBeaconBalance = PRE_BALANCE - PRE_BALANCE * 500 / 10_000;
        checker.checkReport(c);
    }

    function test_checkReport_decreaseAboveLimit_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.postBeaconBalance = PRE_BALANCE - PRE_BALANCE * 500 / 10_000 - 1;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_BalanceDecreaseTooHigh.selector, 501, 500));
        checker.checkReport(c);
    }

    /// @dev Validators that appeared but whose 32 ETH is missing from the beacon balance are a loss.
    function test_checkReport_appearedWithoutBalance_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.postBeaconValidators = 110;
        vm.expectPartialRevert(ISC.SanityChecker_BalanceDecreaseTooHigh.selector);
        checker.checkReport(c);
    }

    function testFuzz_checkReport_decreaseRevertsOnlyAboveLimit_succeeds(uint128 base, uint256 lossBps) public {
        base = uint128(bound(base, 32 ether, 10_000_000 ether));
        lossBps = bound(lossBps, 0, 10_000);
        ISC.ReportCheck memory c = _flat();
        c.preBeaconBalance = base;
        uint256 loss = uint256(base) * lossBps / 10_000;
        c.postBeaconBalance = base - loss;
        if (loss * 10_000 > uint256(base) * 500) {
            vm.expectPartialRevert(ISC.SanityChecker_BalanceDecreaseTooHigh.selector);
        }
        checker.checkReport(c);
    }

    // ------------------------------------------------------------------ positive rebase

    function test_checkReport_rebaseAtLimit_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        c.postTotalPooledEther = PRE_POOLED + PRE_POOLED * 750_000 / 1e9;
        checker.checkReport(c);
    }

    /// @dev A rise beyond the rebase limit is not refused: the pool defers the excess (a refused
    ///      report would stall the oracle, and the rise is still bounded by the annual CL check).
    function test_checkReport_rebaseAboveLimit_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        c.postTotalPooledEther = PRE_POOLED + PRE_POOLED * 750_000 / 1e9 + 1;
        checker.checkReport(c);
    }

    function test_checkReport_rebaseFromEmptyPool_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.preTotalPooledEther = 0;
        c.postTotalPooledEther = 1;
        vm.expectRevert(
            abi.encodeWithSelector(ISC.SanityChecker_PositiveRebaseTooHigh.selector, type(uint256).max, 750_000)
        );
        checker.checkReport(c);
    }

    function test_checkReport_pooledEtherFalls_succeeds() public view {
        ISC.ReportCheck memory c = _flat();
        // Finalizing withdrawals takes ETH out of the pool: never a positive rebase.
        c.postTotalPooledEther = PRE_POOLED - 100 ether;
        checker.checkReport(c);
    }

    /// @dev Pooled ETH growth out of a non-empty pool never trips the checker by itself.
    function testFuzz_checkReport_rebaseNeverRefusedFromNonEmptyPool_succeeds(uint128 pooled, uint256 risePpb)
        public
        view
    {
        pooled = uint128(bound(pooled, 1, 10_000_000 ether));
        risePpb = bound(risePpb, 0, 10_000_000_000);
        ISC.ReportCheck memory c = _flat();
        c.preTotalPooledEther = pooled;
        c.postTotalPooledEther = pooled + uint256(pooled) * risePpb / 1e9;
        checker.checkReport(c);
    }

    /// @dev Checks run in the documented order: a report breaking several limits names the first.
    function test_checkReport_severalBreaches_reportsFirst_reverts() public {
        ISC.ReportCheck memory c = _flat();
        c.postBeaconValidators = 99;
        c.postExitedValidators = 200;
        c.postTotalPooledEther = PRE_POOLED * 2;
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_BeaconValidatorsDecreased.selector, 100, 99));
        checker.checkReport(c);
    }
}
