// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TrETH} from "../../src/hub/TrETH.sol";
import {NodeOperatorRegistry} from "../../src/hub/NodeOperatorRegistry.sol";
import {BeaconDepositContract} from "../../src/local/BeaconDepositContract.sol";
import {WETH9} from "../../src/local/WETH9.sol";
import {WithdrawalQueue} from "../../src/hub/WithdrawalQueue.sol";
import {TributaryOracle} from "../../src/hub/TributaryOracle.sol";
import {OracleReportSanityChecker} from "../../src/hub/OracleReportSanityChecker.sol";
import {IOracleReportSanityChecker} from "../../src/shared/interfaces/IOracleReportSanityChecker.sol";
import {IWETH} from "../../src/shared/interfaces/IWETH.sol";
import {ITributaryOracle} from "../../src/shared/interfaces/ITributaryOracle.sol";
import {OracleReport} from "../../src/shared/types/OracleReport.sol";
import {HubFixture} from "../hub/harness/HubFixture.sol";

/// @dev The real hub stack, wired as a deployer would: real sanity checker (default limits), real
///      oracle (3 members, quorum 2, one-day frames) and real queue. Reuses HubFixture's state and
///      key helpers; its `checker` and plain `oracle` address are left unused here.
abstract contract HubStackFixture is HubFixture {
    uint256 internal constant SEED = 1 ether;
    uint16 internal constant FEE_BPS = 1000;
    uint16 internal constant TREASURY_SHARE_BPS = 5000;
    uint16 internal constant MAX_OPERATOR_SHARE_BPS = 5000;
    /// @dev One day: frames match the daily cadence the default limits are written for.
    uint64 internal constant SLOTS_PER_FRAME = 7200;
    uint256 internal constant FRAME_SECONDS = SECONDS_PER_SLOT * SLOTS_PER_FRAME;

    OracleReportSanityChecker internal sanityChecker;
    TributaryOracle internal hubOracle;
    address[3] internal members;
    uint64 internal genesis;

    function _deployStack() internal {
        vm.warp(1_700_000_000);
        genesis = uint64(block.timestamp);

        weth = new WETH9();
        depositContract = new BeaconDepositContract();
        registry = new NodeOperatorRegistry(hubAdmin, MAX_OPERATOR_SHARE_BPS);
        vm.deal(address(this), address(this).balance + SEED);
        trETH = new TrETH{value: SEED}(
            hubAdmin, IWETH(address(weth)), depositContract, registry, treasury, FEE_BPS, TREASURY_SHARE_BPS, SECONDS_PER_SLOT
        );
        queue = new WithdrawalQueue(address(trETH), hubAdmin);
        // defaultLimits() is the source of truth: deployed with the tightest valid limits, then set.
        sanityChecker = new OracleReportSanityChecker(hubAdmin, IOracleReportSanityChecker.Limits(0, 1, 0, 1, 1));
        hubOracle = new TributaryOracle(
            hubAdmin, address(trETH), ITributaryOracle.FrameConfig(genesis, SECONDS_PER_SLOT, SLOTS_PER_FRAME)
        );

        vm.startPrank(hubAdmin);
        sanityChecker.setLimits(sanityChecker.defaultLimits());
        registry.setPool(address(trETH));
        trETH.setOracle(address(hubOracle));
        trETH.setSanityChecker(address(sanityChecker));
        trETH.setWithdrawalQueue(address(queue));
        trETH.grantRole(trETH.KEEPER_ROLE(), keeper);
        trETH.grantRole(trETH.PAUSER_ROLE(), pauser);
        queue.grantRole(queue.PAUSER_ROLE(), pauser);
        for (uint256 i; i < 3; ++i) {
            members[i] = makeAddr(string.concat("member", vm.toString(i)));
            hubOracle.addMember(members[i]);
        }
        vm.stopPrank();

        _addOperator("opA", 4);
        _addOperator("opB", 4);
        _addOperator("opC", 4);
    }

    /// @dev Moves time to the first second of frame `k`, when frame k's report (refSlot k*F-1) is due.
    function _warpToFrame(uint256 k) internal {
        vm.warp(genesis + k * FRAME_SECONDS);
    }

    function _frameReport(uint256 beaconValidators, uint256 beaconBalance, uint256 vaultBalance, uint256 finalizeUpTo)
        internal
        view
        returns (OracleReport memory)
    {
        (,, uint256 exited,) = trETH.beaconStats();
        return OracleReport(
            uint64(hubOracle.currentRefSlot()),
            uint64(beaconValidators),
            uint64(exited),
            uint128(beaconBalance),
            uint128(vaultBalance),
            finalizeUpTo
        );
    }

    function _vote(uint256 member, OracleReport memory report) internal {
        vm.prank(members[member]);
        hubOracle.submitReport(report);
    }

    /// @dev Two of the three members vote `report`, which applies it.
    function _applyByQuorum(OracleReport memory report) internal {
        _vote(0, report);
        _vote(1, report);
        assertEq(hubOracle.lastAppliedRefSlot(), report.refSlot);
    }

    /// @dev Queues `shares` of `owner` for withdrawal.
    function _request(address owner, uint256 shares) internal returns (uint256 id) {
        vm.startPrank(owner);
        trETH.approve(address(queue), shares);
        id = queue.requestWithdrawal(shares, owner);
        vm.stopPrank();
    }

    /// @dev Puts `amount` of skimmed rewards where the report says they are.
    function _fundVault(uint256 amount) internal {
        vm.deal(address(trETH.WITHDRAWAL_VAULT()), amount);
    }
}
