// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {OracleReportSanityChecker} from "../../src/hub/OracleReportSanityChecker.sol";
import {IOracleReportSanityChecker} from "../../src/shared/interfaces/IOracleReportSanityChecker.sol";

/// @dev The devnet deploys from config/wiring.json; these keep that file in step with what the
///      contracts ship and accept.
contract WiringTest is Test {
    string private wiring = vm.readFile("config/wiring.json");

    function test_sanityLimits_matchShippedDefaults_succeeds() public {
        IOracleReportSanityChecker.Limits memory shipped =
            new OracleReportSanityChecker(address(this), _limits()).defaultLimits();
        IOracleReportSanityChecker.Limits memory configured = _limits();
        assertEq(configured.annualBalanceIncreaseBps, shipped.annualBalanceIncreaseBps);
        assertEq(configured.maxPositiveRebasePpb, shipped.maxPositiveRebasePpb);
        assertEq(configured.maxBalanceDecreaseBps, shipped.maxBalanceDecreaseBps);
        assertEq(configured.maxAppearedValidatorsPerReport, shipped.maxAppearedValidatorsPerReport);
        assertEq(configured.maxExitedValidatorsPerReport, shipped.maxExitedValidatorsPerReport);
    }

    function test_hubParameters_withinContractBounds_succeeds() public view {
        assertLe(vm.parseJsonUint(wiring, ".hub.feeBps"), 2000, "TrETH.MAX_FEE_BPS");
        assertLe(vm.parseJsonUint(wiring, ".hub.treasuryShareBps"), 10_000);
        assertGe(vm.parseJsonUint(wiring, ".hub.seedDeposit"), 0.001 ether, "TrETH.MIN_SEED_DEPOSIT");
        assertLe(vm.parseJsonUint(wiring, ".hub.keysPerOperator"), 100, "NodeOperatorRegistry.MAX_KEYS_PER_CALL");
        assertGe(vm.parseJsonUint(wiring, ".oracle.slotsPerFrame"), 2, "TributaryOracle frame minimum");
    }

    function _limits() private view returns (IOracleReportSanityChecker.Limits memory) {
        return IOracleReportSanityChecker.Limits({
            annualBalanceIncreaseBps: uint16(vm.parseJsonUint(wiring, ".oracle.sanityLimits.annualBalanceIncreaseBps")),
            maxPositiveRebasePpb: uint32(vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxPositiveRebasePpb")),
            maxBalanceDecreaseBps: uint16(vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxBalanceDecreaseBps")),
            maxAppearedValidatorsPerReport: uint32(vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxAppearedValidatorsPerReport")),
            maxExitedValidatorsPerReport: uint32(vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxExitedValidatorsPerReport"))
        });
    }
}
