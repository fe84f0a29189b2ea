// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {EndpointV2Mock} from "@layerzerolabs/test-devtools-evm-foundry/contracts/mocks/EndpointV2Mock.sol";

import {RateReceiver} from "../../src/spoke/RateReceiver.sol";
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

    /// @dev Deploying with the configured bounds is the contract's own validation.
    function test_rateReceiverBounds_withinContractBounds_succeeds() public {
        uint16 increaseBps = uint16(vm.parseJsonUint(wiring, ".rateReceiver.maxIncreaseBps"));
        uint16 decreaseBps = uint16(vm.parseJsonUint(wiring, ".rateReceiver.maxDecreaseBps"));
        uint16 annualBps = uint16(vm.parseJsonUint(wiring, ".rateReceiver.maxAnnualGrowthBps"));
        RateReceiver receiver = new RateReceiver(
            address(new EndpointV2Mock(1, address(this))), address(this), increaseBps, decreaseBps, annualBps
        );
        (uint16 i, uint16 d, uint16 a) = receiver.bounds();
        assertEq(i, increaseBps);
        assertEq(d, decreaseBps);
        assertEq(a, annualBps);
    }

    /// @dev The devnet oracle reports every `slotsPerFrame * secondsPerSlot` seconds of beacon time at
    ///      the simulator's 5% APR (apps/beacon-sim devnetBeaconSpec); the receiver's pro-rated
    ///      annual cap must let that through with room for report-time jitter (10x).
    function test_rateReceiverBounds_passHonestDevnetRates_succeeds() public view {
        uint256 devnetAprBps = 500;
        assertGe(vm.parseJsonUint(wiring, ".rateReceiver.maxAnnualGrowthBps"), devnetAprBps * 10, "annual cap");
        uint256 maxPositiveRebasePpb = vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxPositiveRebasePpb");
        // The hub's own per-report limit must fit the receiver's per-update cap (ppb -> bps).
        assertLe(maxPositiveRebasePpb / 1e5, vm.parseJsonUint(wiring, ".rateReceiver.maxIncreaseBps"), "per update");
    }

    /// @dev The deploy check (packages/contracts economics.ts, run by the devnet deploy and lz:check)
    ///      on the shipped file: the spoke fee exceeds the largest rate move one hub report can make,
    ///      pooled-ETH growth capped at maxPositiveRebasePpb less the protocol's fee on it.
    function test_spokeFee_exceedsMaxRateMovePerReport_succeeds() public view {
        uint256 spokeFeePpb = vm.parseJsonUint(wiring, ".spokePool.feeBps") * 1e5;
        uint256 maxPositiveRebasePpb = vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxPositiveRebasePpb");
        // The hub caps the rate itself (after fees) by maxPositiveRebasePpb per report.
        assertGt(spokeFeePpb, maxPositiveRebasePpb, "spoke fee <= max rate move");
    }

    function _limits() private view returns (IOracleReportSanityChecker.Limits memory) {
        return IOracleReportSanityChecker.Limits({
            annualBalanceIncreaseBps: uint16(vm.parseJsonUint(wiring, ".oracle.sanityLimits.annualBalanceIncreaseBps")),
            maxPositiveRebasePpb: uint32(vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxPositiveRebasePpb")),
            maxBalanceDecreaseBps: uint16(vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxBalanceDecreaseBps")),
            maxAppearedValidatorsPerReport: uint32(
                vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxAppearedValidatorsPerReport")
            ),
            maxExitedValidatorsPerReport: uint32(
                vm.parseJsonUint(wiring, ".oracle.sanityLimits.maxExitedValidatorsPerReport")
            )
        });
    }
}
