// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {TrETH} from "../../../src/hub/TrETH.sol";
import {NodeOperatorRegistry} from "../../../src/hub/NodeOperatorRegistry.sol";
import {BeaconDepositContract} from "../../../src/local/BeaconDepositContract.sol";
import {WETH9} from "../../../src/local/WETH9.sol";
import {IWETH} from "../../../src/shared/interfaces/IWETH.sol";
import {ITrETH} from "../../../src/shared/interfaces/ITrETH.sol";
import {IOracleReportSanityChecker} from "../../../src/shared/interfaces/IOracleReportSanityChecker.sol";
import {OracleReport} from "../../../src/shared/types/OracleReport.sol";
import {OracleReportSanityChecker} from "../../../src/hub/OracleReportSanityChecker.sol";
import {WithdrawalQueue} from "../../../src/hub/WithdrawalQueue.sol";
import {TributaryOracle} from "../../../src/hub/TributaryOracle.sol";
import {ITributaryOracle} from "../../../src/shared/interfaces/ITributaryOracle.sol";

/// @dev Deploys the hub staking core the way the devnet does, with the real withdrawal queue, the
///      real sanity checker (this fixture is its admin, widest valid limits) and a real oracle whose
///      beacon genesis lies in the far future, so no report is ever due by the clock: tests apply
///      reports by calling the pool as the oracle, with their own refSlots. Reports are a year of
///      slots apart, so the annual bound (at most 100%/yr) only binds tests that tighten it.
abstract contract HubFixture is Test {
    WETH9 internal weth;
    BeaconDepositContract internal depositContract;
    NodeOperatorRegistry internal registry;
    TrETH internal trETH;
    OracleReportSanityChecker internal checker;
    WithdrawalQueue internal queue;

    address internal hubAdmin = makeAddr("hubAdmin");
    address internal oracle;
    address internal keeper = makeAddr("keeper");
    address internal pauser = makeAddr("pauser");
    address internal treasury = makeAddr("treasury");
    uint64 internal refSlot;
    /// @dev Ethereum's slot length; HubStackFixture's oracle frames use it too.
    uint64 internal constant SECONDS_PER_SLOT = 12;
    /// @dev refSlot step of `_reportOf`: one year, so timeElapsed is 365 days.
    uint64 internal constant REPORT_SLOTS = 365 days / SECONDS_PER_SLOT;

    function _deployHub(uint256 seed, uint16 feeBps, uint16 treasuryShareBps) internal {
        weth = new WETH9();
        depositContract = new BeaconDepositContract();
        registry = new NodeOperatorRegistry(hubAdmin, 10_000);
        vm.deal(address(this), address(this).balance + seed);
        trETH = new TrETH{value: seed}(hubAdmin, IWETH(address(weth)), depositContract, registry, treasury, feeBps, treasuryShareBps, SECONDS_PER_SLOT);
        checker = new OracleReportSanityChecker(address(this), _widestLimits());
        queue = new WithdrawalQueue(address(trETH), hubAdmin);
        oracle = address(
            new TributaryOracle(hubAdmin, address(trETH), ITributaryOracle.FrameConfig(type(uint64).max / 2, SECONDS_PER_SLOT, 225))
        );

        vm.startPrank(hubAdmin);
        registry.setPool(address(trETH));
        trETH.setOracle(oracle);
        trETH.setSanityChecker(address(checker));
        trETH.setWithdrawalQueue(address(queue));
        trETH.grantRole(trETH.KEEPER_ROLE(), keeper);
        trETH.grantRole(trETH.PAUSER_ROLE(), pauser);
        // The widest exit fee, like the checker's widest limits: the fee also caps a report's rise.
        trETH.setInstantExitFee(trETH.MAX_INSTANT_EXIT_FEE_BPS());
        vm.stopPrank();
    }

    /// @dev The loosest limits the real checker accepts: 100%/yr CL growth, 100% rebase, 100% drop.
    ///      The rate still rises at most the instant-exit fee (1% here) per report.
    function _widestLimits() internal pure returns (IOracleReportSanityChecker.Limits memory) {
        return IOracleReportSanityChecker.Limits(10_000, 1e9, 10_000, type(uint32).max, type(uint32).max);
    }

    /// @dev Adds an operator with `keys` keys and a matching staking limit.
    function _addOperator(string memory name, uint256 keys) internal returns (uint256 id) {
        address reward = makeAddr(name);
        vm.startPrank(hubAdmin);
        id = registry.addOperator(name, reward);
        registry.setStakingLimit(id, uint64(keys));
        vm.stopPrank();
        if (keys > 0) {
            (bytes memory pubkeys, bytes memory signatures) = _keys(id, 0, keys);
            vm.prank(reward);
            registry.addSigningKeys(id, keys, pubkeys, signatures);
        }
    }

    /// @dev Deterministic non-zero test keys `from .. from + count` of operator `id`.
    function _keys(uint256 id, uint256 from, uint256 count)
        internal
        pure
        returns (bytes memory pubkeys, bytes memory signatures)
    {
        for (uint256 i = from; i < from + count; ++i) {
            bytes32 seed = keccak256(abi.encode(id, i));
            pubkeys = bytes.concat(pubkeys, seed, bytes16(keccak256(abi.encode(seed))));
            signatures = bytes.concat(signatures, keccak256(abi.encode(seed, 1)), keccak256(abi.encode(seed, 2)), keccak256(abi.encode(seed, 3)));
        }
    }

    /// @dev A report with the pool's current validator counts and the given balances.
    function _reportOf(uint256 beaconValidators, uint256 beaconBalance, uint256 vaultBalance, uint256 finalizeUpTo)
        internal
        returns (OracleReport memory report)
    {
        (,, uint256 exited,) = trETH.beaconStats();
        report = OracleReport(
            refSlot += REPORT_SLOTS, uint64(beaconValidators), uint64(exited), uint128(beaconBalance), uint128(vaultBalance), finalizeUpTo
        );
    }

    function _applyReport(OracleReport memory report) internal {
        vm.prank(oracle);
        trETH.handleOracleReport(report);
    }

    /// @dev Stakes one validator from the buffer and reports it appeared with exactly 32 ETH: pooled
    ///      ETH and the rate are unchanged, and the checker now has a consensus-layer base to measure
    ///      rewards against (growth from a zero base is unbounded).
    function _stakeBeaconBase() internal {
        _addOperator("beaconOp", 1);
        uint256 pooled = trETH.totalPooledEther();
        vm.prank(keeper);
        trETH.depositBufferedEther(1);
        (, uint256 beaconValidators,, uint256 beaconBalance) = trETH.beaconStats();
        _applyReport(_reportOf(beaconValidators + 1, beaconBalance + 32 ether, 0, 0));
        assertEq(trETH.totalPooledEther(), pooled, "staking base moved pooled ETH");
    }

    /// @dev Raises pooled ETH by `amount` through the withdrawal vault and a report (beacon unchanged).
    function _reportRewards(uint256 amount) internal {
        (, uint256 beaconValidators,, uint256 beaconBalance) = trETH.beaconStats();
        vm.deal(address(trETH.WITHDRAWAL_VAULT()), address(trETH.WITHDRAWAL_VAULT()).balance + amount);
        _applyReport(_reportOf(beaconValidators, beaconBalance, amount, 0));
    }
}
