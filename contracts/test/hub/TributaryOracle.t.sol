// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {TributaryOracle} from "../../src/hub/TributaryOracle.sol";
import {OracleReportSanityChecker} from "../../src/hub/OracleReportSanityChecker.sol";
import {ITributaryOracle} from "../../src/shared/interfaces/ITributaryOracle.sol";
import {IOracleReportSanityChecker as ISC} from "../../src/shared/interfaces/IOracleReportSanityChecker.sol";
import {OracleReport} from "../../src/shared/types/OracleReport.sol";
import {HarnessReportReceiver} from "./harness/HarnessReportReceiver.sol";

contract TributaryOracleTest is Test {
    TributaryOracle internal oracle;
    HarnessReportReceiver internal receiver;

    address internal admin = makeAddr("admin");
    address internal stranger = makeAddr("stranger");
    address[] internal members;

    uint64 internal constant GENESIS = 1_000_000;
    uint64 internal constant SECONDS_PER_SLOT = 12;
    uint64 internal constant SLOTS_PER_FRAME = 32;
    uint256 internal constant FRAME_SECONDS = SECONDS_PER_SLOT * SLOTS_PER_FRAME; // 384

    function setUp() public {
        receiver = new HarnessReportReceiver();
        oracle = new TributaryOracle(admin, address(receiver), _config());
        receiver.setOracle(address(oracle));
        for (uint256 i; i < 5; ++i) {
            address m = makeAddr(string.concat("member", vm.toString(i)));
            members.push(m);
            vm.prank(admin);
            oracle.addMember(m);
        }
        // Into frame 1: reports are due for refSlot 31.
        vm.warp(GENESIS + FRAME_SECONDS);
    }

    // ------------------------------------------------------------------ helpers

    function _config() internal pure returns (ITributaryOracle.FrameConfig memory) {
        return ITributaryOracle.FrameConfig({
            genesisTime: GENESIS, secondsPerSlot: SECONDS_PER_SLOT, slotsPerFrame: SLOTS_PER_FRAME
        });
    }

    function _report(uint256 refSlot, uint128 balance) internal pure returns (OracleReport memory r) {
        r.refSlot = uint64(refSlot);
        r.beaconValidators = 10;
        r.beaconBalance = balance;
        r.withdrawalVaultBalance = 1 ether;
        r.finalizeUpToRequestId = 3;
    }

    function _vote(uint256 memberIndex, OracleReport memory r) internal {
        vm.prank(members[memberIndex]);
        oracle.submitReport(r);
    }

    function _hash(OracleReport memory r) internal pure returns (bytes32) {
        return keccak256(abi.encode(r));
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_setsState_succeeds() public {
        vm.expectEmit();
        emit ITributaryOracle.ReceiverSet(address(receiver));
        vm.expectEmit();
        emit ITributaryOracle.FrameConfigSet(_config());
        TributaryOracle fresh = new TributaryOracle(admin, address(receiver), _config());
        assertTrue(fresh.hasRole(fresh.DEFAULT_ADMIN_ROLE(), admin));
        assertEq(fresh.receiver(), address(receiver));
        assertEq(fresh.frameConfig().slotsPerFrame, SLOTS_PER_FRAME);
        assertEq(fresh.frameConfig().secondsPerSlot, SECONDS_PER_SLOT);
        assertEq(fresh.frameConfig().genesisTime, GENESIS);
        assertEq(fresh.getMembers().length, 0);
        assertEq(fresh.quorum(), 1);
        assertEq(fresh.lastAppliedRefSlot(), 0);
    }

    function test_constructor_zeroAdmin_reverts() public {
        vm.expectRevert(ITributaryOracle.Oracle_ZeroAddress.selector);
        new TributaryOracle(address(0), address(receiver), _config());
    }

    function test_constructor_zeroReceiver_reverts() public {
        vm.expectRevert(ITributaryOracle.Oracle_ZeroAddress.selector);
        new TributaryOracle(admin, address(0), _config());
    }

    function test_constructor_invalidFrameConfig_reverts() public {
        ITributaryOracle.FrameConfig memory c = _config();
        c.secondsPerSlot = 0;
        vm.expectRevert(ITributaryOracle.Oracle_InvalidFrameConfig.selector);
        new TributaryOracle(admin, address(receiver), c);
        c = _config();
        c.slotsPerFrame = 1; // refSlot 0 would be a real slot
        vm.expectRevert(ITributaryOracle.Oracle_InvalidFrameConfig.selector);
        new TributaryOracle(admin, address(receiver), c);
    }

    // ------------------------------------------------------------------ frames

    function test_refSlotAt_boundaries_succeeds() public view {
        assertEq(oracle.refSlotAt(0), 0);
        assertEq(oracle.refSlotAt(GENESIS - 1), 0);
        assertEq(oracle.refSlotAt(GENESIS), 0);
        assertEq(oracle.refSlotAt(GENESIS + FRAME_SECONDS - 1), 0); // last second of frame 0
        assertEq(oracle.refSlotAt(GENESIS + FRAME_SECONDS), 31); // first second of frame 1
        assertEq(oracle.refSlotAt(GENESIS + 2 * FRAME_SECONDS - 1), 31);
        assertEq(oracle.refSlotAt(GENESIS + 2 * FRAME_SECONDS), 63);
        assertEq(oracle.refSlotAt(GENESIS + 10 * FRAME_SECONDS + 11), 319);
    }

    function test_currentRefSlot_followsBlockTime_succeeds() public {
        assertEq(oracle.currentRefSlot(), 31);
        vm.warp(GENESIS + 2 * FRAME_SECONDS - 1);
        assertEq(oracle.currentRefSlot(), 31);
        vm.warp(GENESIS + 2 * FRAME_SECONDS);
        assertEq(oracle.currentRefSlot(), 63);
    }

    /// @dev refSlot is the last slot of the previous frame, and that slot has already started.
    function testFuzz_refSlotAt_isLastSlotOfPreviousFrame_succeeds(uint256 t) public view {
        t = bound(t, GENESIS + FRAME_SECONDS, GENESIS + 100 * 365 days);
        uint256 slot = (t - GENESIS) / SECONDS_PER_SLOT;
        uint256 refSlot = oracle.refSlotAt(t);
        assertEq((refSlot + 1) % SLOTS_PER_FRAME, 0);
        assertLt(refSlot, slot);
        assertEq((refSlot + 1) / SLOTS_PER_FRAME, slot / SLOTS_PER_FRAME);
    }

    // ------------------------------------------------------------------ membership

    function test_quorum_isMoreThanHalf_succeeds() public {
        TributaryOracle fresh = new TributaryOracle(admin, address(receiver), _config());
        uint256[6] memory expected = [uint256(1), 1, 2, 2, 3, 3];
        for (uint256 n = 1; n <= 5; ++n) {
            vm.prank(admin);
            fresh.addMember(members[n - 1]);
            assertEq(fresh.quorum(), expected[n], "quorum");
        }
    }

    function test_addMember_byAdmin_succeeds() public {
        address m = makeAddr("member5");
        vm.expectEmit(address(oracle));
        emit ITributaryOracle.MemberAdded(m, 6, 4);
        vm.prank(admin);
        oracle.addMember(m);
        assertTrue(oracle.isMember(m));
        assertEq(oracle.getMembers().length, 6);
        assertEq(oracle.quorum(), 4);
    }

    function test_addMember_byStranger_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, oracle.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(stranger);
        oracle.addMember(stranger);
    }

    function test_addMember_duplicate_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_AlreadyMember.selector, members[0]));
        vm.prank(admin);
        oracle.addMember(members[0]);
    }

    function test_addMember_zero_reverts() public {
        vm.expectRevert(ITributaryOracle.Oracle_ZeroAddress.selector);
        vm.prank(admin);
        oracle.addMember(address(0));
    }

    function test_removeMember_byAdmin_succeeds() public {
        vm.expectEmit(address(oracle));
        emit ITributaryOracle.MemberRemoved(members[4], 4, 3);
        vm.prank(admin);
        oracle.removeMember(members[4]);
        assertFalse(oracle.isMember(members[4]));
        assertEq(oracle.getMembers().length, 4);
    }

    function test_removeMember_unknown_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_UnknownMember.selector, stranger));
        vm.prank(admin);
        oracle.removeMember(stranger);
    }

    function test_removeMember_byStranger_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, oracle.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(stranger);
        oracle.removeMember(members[0]);
    }

    // ------------------------------------------------------------------ config / receiver

    function test_setFrameConfig_byAdmin_succeeds() public {
        ITributaryOracle.FrameConfig memory c = _config();
        c.slotsPerFrame = 64;
        uint256 roundBefore = oracle.votingRound();
        vm.expectEmit(address(oracle));
        emit ITributaryOracle.FrameConfigSet(c);
        vm.prank(admin);
        oracle.setFrameConfig(c);
        assertEq(oracle.frameConfig().slotsPerFrame, 64);
        assertEq(oracle.votingRound(), roundBefore + 1);
        // 32 slots after genesis is still frame 0 of 64 slots.
        assertEq(oracle.currentRefSlot(), 0);
    }

    function test_setFrameConfig_invalid_reverts() public {
        ITributaryOracle.FrameConfig memory c = _config();
        c.slotsPerFrame = 0;
        vm.expectRevert(ITributaryOracle.Oracle_InvalidFrameConfig.selector);
        vm.prank(admin);
        oracle.setFrameConfig(c);
    }

    function test_setFrameConfig_byStranger_reverts() public {
        ITributaryOracle.FrameConfig memory c = _config();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, oracle.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(stranger);
        oracle.setFrameConfig(c);
    }

    function test_setFrameConfig_midFrame_resetsVotes_succeeds() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        vm.prank(admin);
        oracle.setFrameConfig(_config()); // same frames, new round
        assertEq(oracle.getSupport(_hash(r)), 0);
        assertFalse(oracle.hasVoted(members[0]));
        _vote(2, r);
        assertEq(receiver.reportCount(), 0);
    }

    function test_setReceiver_byAdmin_succeeds() public {
        address next = makeAddr("nextPool");
        vm.expectEmit(address(oracle));
        emit ITributaryOracle.ReceiverSet(next);
        vm.prank(admin);
        oracle.setReceiver(next);
        assertEq(oracle.receiver(), next);
    }

    function test_setReceiver_zero_reverts() public {
        vm.expectRevert(ITributaryOracle.Oracle_ZeroAddress.selector);
        vm.prank(admin);
        oracle.setReceiver(address(0));
    }

    function test_setReceiver_byStranger_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, stranger, oracle.DEFAULT_ADMIN_ROLE()
            )
        );
        vm.prank(stranger);
        oracle.setReceiver(stranger);
    }

    // ------------------------------------------------------------------ submitReport

    function test_submitReport_belowQuorum_recordsVote_succeeds() public {
        OracleReport memory r = _report(31, 320 ether);
        vm.expectEmit(address(oracle));
        emit ITributaryOracle.ReportSubmitted(31, members[0], _hash(r), 1);
        _vote(0, r);
        _vote(1, r);
        assertEq(oracle.getSupport(_hash(r)), 2);
        assertTrue(oracle.hasVoted(members[0]));
        assertFalse(oracle.hasVoted(members[2]));
        assertEq(oracle.lastAppliedRefSlot(), 0);
        assertEq(receiver.reportCount(), 0);
    }

    function test_submitReport_reachesQuorum_appliesReport_succeeds() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        vm.expectEmit(address(oracle));
        emit ITributaryOracle.ReportSubmitted(31, members[2], _hash(r), 3);
        vm.expectEmit(address(oracle));
        emit ITributaryOracle.ReportApplied(31, _hash(r), 3);
        _vote(2, r);
        assertEq(oracle.lastAppliedRefSlot(), 31);
        assertEq(receiver.reportCount(), 1);
        assertEq(_hash(receiver.lastReport()), _hash(r));
    }

    function test_submitReport_splitVote_firstToQuorumWins_succeeds() public {
        OracleReport memory a = _report(31, 320 ether);
        OracleReport memory b = _report(31, 321 ether);
        _vote(0, a);
        _vote(1, b);
        _vote(2, a);
        _vote(3, b);
        assertEq(receiver.reportCount(), 0);
        _vote(4, b);
        assertEq(_hash(receiver.lastReport()), _hash(b));
        assertEq(oracle.lastAppliedRefSlot(), 31);
    }

    function test_submitReport_nonMember_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_NotMember.selector, stranger));
        vm.prank(stranger);
        oracle.submitReport(_report(31, 320 ether));
    }

    function test_submitReport_doubleVote_reverts() public {
        _vote(0, _report(31, 320 ether));
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_AlreadyVoted.selector, 31, members[0]));
        _vote(0, _report(31, 999 ether)); // not for another hash either
        assertEq(oracle.getSupport(_hash(_report(31, 320 ether))), 1);
    }

    function test_submitReport_pastRefSlot_reverts() public {
        vm.warp(GENESIS + 2 * FRAME_SECONDS);
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_WrongRefSlot.selector, 31, 63));
        _vote(0, _report(31, 320 ether));
    }

    function test_submitReport_futureRefSlot_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_WrongRefSlot.selector, 63, 31));
        _vote(0, _report(63, 320 ether));
    }

    function test_submitReport_duringFirstFrame_reverts() public {
        vm.warp(GENESIS + FRAME_SECONDS - 1);
        vm.expectRevert(ITributaryOracle.Oracle_NoReportDue.selector);
        _vote(0, _report(0, 320 ether));
    }

    function test_submitReport_secondReportInAppliedFrame_reverts() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        _vote(2, r);
        // A late member, same report or another: the frame is closed.
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_FrameAlreadyApplied.selector, 31));
        _vote(3, r);
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_FrameAlreadyApplied.selector, 31));
        _vote(4, _report(31, 1 ether));
        assertEq(receiver.reportCount(), 1);
    }

    /// @dev Removing members re-opens nothing: the applied frame stays applied in a new round.
    function test_submitReport_appliedFrameAfterRoundChange_reverts() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        _vote(2, r);
        vm.prank(admin);
        oracle.removeMember(members[4]);
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_FrameAlreadyApplied.selector, 31));
        _vote(0, _report(31, 1 ether));
    }

    function test_submitReport_nextFrame_succeeds() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        _vote(2, r);
        vm.warp(GENESIS + 2 * FRAME_SECONDS);
        OracleReport memory next = _report(63, 321 ether);
        _vote(0, next); // the same members vote again in a new frame
        _vote(1, next);
        _vote(2, next);
        assertEq(oracle.lastAppliedRefSlot(), 63);
        assertEq(receiver.reportCount(), 2);
    }

    function test_submitReport_skippedFrame_succeeds() public {
        vm.warp(GENESIS + 5 * FRAME_SECONDS + 7);
        OracleReport memory r = _report(159, 320 ether);
        _vote(0, r);
        _vote(1, r);
        _vote(2, r);
        assertEq(oracle.lastAppliedRefSlot(), 159);
    }

    /// @dev Votes are per refSlot: last frame's unfinished votes do not count toward this one.
    function test_submitReport_votesDoNotCarryAcrossFrames_succeeds() public {
        _vote(0, _report(31, 320 ether));
        _vote(1, _report(31, 320 ether));
        vm.warp(GENESIS + 2 * FRAME_SECONDS);
        OracleReport memory r = _report(63, 320 ether);
        _vote(2, r);
        assertEq(oracle.getSupport(_hash(r)), 1);
        assertFalse(oracle.hasVoted(members[0]));
        assertEq(receiver.reportCount(), 0);
    }

    function test_submitReport_receiverReverts_reverts() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        receiver.setShouldRevert(true);
        vm.expectRevert(HarnessReportReceiver.HarnessReceiver_Rejected.selector);
        _vote(2, r);
        // Nothing recorded: the vote can be cast again once the pool accepts.
        assertEq(oracle.getSupport(_hash(r)), 2);
        assertFalse(oracle.hasVoted(members[2]));
        assertEq(oracle.lastAppliedRefSlot(), 0);
        receiver.setShouldRevert(false);
        _vote(2, r);
        assertEq(oracle.lastAppliedRefSlot(), 31);
    }

    function test_submitReport_sanityCheckerRejects_reverts() public {
        OracleReportSanityChecker checker = new OracleReportSanityChecker(admin, _limits());
        ISC.ReportCheck memory c;
        c.timeElapsed = 1 days;
        c.preBeaconValidators = 10;
        c.postBeaconValidators = 9;
        c.depositedValidators = 10;
        receiver.setCheck(checker, c);
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        vm.expectRevert(abi.encodeWithSelector(ISC.SanityChecker_BeaconValidatorsDecreased.selector, 10, 9));
        _vote(2, r);
        assertEq(oracle.lastAppliedRefSlot(), 0);
    }

    function test_submitReport_receiverReenters_reverts() public {
        vm.prank(admin);
        oracle.addMember(address(receiver)); // 6 members, quorum 4
        receiver.setReenter(true);
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        _vote(2, r);
        _vote(3, r);
        assertEq(receiver.reportCount(), 1);
        assertEq(
            receiver.reentryError(),
            abi.encodeWithSelector(ITributaryOracle.Oracle_FrameAlreadyApplied.selector, 31)
        );
    }

    // ------------------------------------------------------------------ quorum manipulation

    /// @dev 5 members (quorum 3), two vote H. Removing two members lowers the quorum to 2, which
    ///      the stale support of H already meets; yet nothing applies, and the next vote starts over.
    function test_submitReport_staleVotesAfterRemoval_needFreshQuorum_succeeds() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        _vote(1, r);
        vm.startPrank(admin);
        oracle.removeMember(members[3]);
        oracle.removeMember(members[4]);
        vm.stopPrank();
        assertEq(oracle.quorum(), 2);
        assertEq(oracle.getSupport(_hash(r)), 0);
        assertEq(receiver.reportCount(), 0);

        _vote(2, r); // would be support 3 with stale votes
        assertEq(receiver.reportCount(), 0);
        _vote(0, r); // a fresh second vote reaches the new quorum
        assertEq(receiver.reportCount(), 1);
    }

    /// @dev A removed member's vote never counts toward the remaining members' quorum.
    function test_submitReport_removedMembersVote_doesNotCount_succeeds() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(3, r);
        _vote(4, r);
        vm.startPrank(admin);
        oracle.removeMember(members[3]);
        oracle.removeMember(members[4]);
        vm.stopPrank();
        _vote(0, r);
        assertEq(oracle.getSupport(_hash(r)), 1);
        assertEq(receiver.reportCount(), 0);
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_NotMember.selector, members[4]));
        _vote(4, r);
    }

    /// @dev Remove and re-add: the member gets a fresh vote, and its old one is gone.
    function test_submitReport_reAddedMember_votesOnce_succeeds() public {
        OracleReport memory r = _report(31, 320 ether);
        _vote(0, r);
        vm.startPrank(admin);
        oracle.removeMember(members[0]);
        oracle.addMember(members[0]);
        vm.stopPrank();
        assertFalse(oracle.hasVoted(members[0]));
        _vote(0, r);
        vm.expectRevert(abi.encodeWithSelector(ITributaryOracle.Oracle_AlreadyVoted.selector, 31, members[0]));
        _vote(0, r);
        assertEq(oracle.getSupport(_hash(r)), 1);
    }

    function testFuzz_submitReport_appliesExactlyAtQuorum_succeeds(uint8 n) public {
        n = uint8(bound(n, 1, 21));
        TributaryOracle fresh = new TributaryOracle(admin, address(receiver), _config());
        receiver.setOracle(address(fresh));
        address[] memory ms = new address[](n);
        for (uint256 i; i < n; ++i) {
            ms[i] = address(uint160(0x1000 + i));
            vm.prank(admin);
            fresh.addMember(ms[i]);
        }
        uint256 q = fresh.quorum();
        assertGt(q * 2, n);
        assertLe((q - 1) * 2, n);
        OracleReport memory r = _report(31, 320 ether);
        for (uint256 i; i < q; ++i) {
            assertEq(receiver.reportCount(), 0);
            vm.prank(ms[i]);
            fresh.submitReport(r);
        }
        assertEq(receiver.reportCount(), 1);
        assertEq(fresh.lastAppliedRefSlot(), 31);
    }

    // ------------------------------------------------------------------ gas

    function test_gas_submitReport_succeeds() public {
        OracleReport memory r = _report(31, 320 ether);
        // Members voted in an earlier frame: the steady state, where each member's vote slot is reused.
        _vote(0, r);
        _vote(1, r);
        _vote(2, r);
        vm.warp(GENESIS + 2 * FRAME_SECONDS);
        r = _report(63, 321 ether);
        vm.cool(address(oracle));
        _vote(0, r);
        vm.snapshotGasLastCall("TributaryOracle", "submitReport_vote");
        _vote(1, r);
        vm.cool(address(oracle));
        vm.cool(address(receiver));
        _vote(2, r);
        vm.snapshotGasLastCall("TributaryOracle", "submitReport_quorum");
        assertEq(receiver.reportCount(), 2);
    }

    function _limits() internal pure returns (ISC.Limits memory) {
        return ISC.Limits({
            annualBalanceIncreaseBps: 1_000,
            maxPositiveRebasePpb: 750_000,
            maxBalanceDecreaseBps: 500,
            maxAppearedValidatorsPerReport: 1_800,
            maxExitedValidatorsPerReport: 3_600
        });
    }
}
