// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ITributaryOracle} from "../shared/interfaces/ITributaryOracle.sol";
import {IOracleReportReceiver} from "../shared/interfaces/IOracleReportReceiver.sol";
import {OracleReport} from "../shared/types/OracleReport.sol";

/// @title TributaryOracle
/// @notice Hash consensus over one report per frame.
/// @dev Frames. With slot(t) = (t - genesisTime) / secondsPerSlot and frame(t) = slot(t) / slotsPerFrame,
///      frame k covers slots [k * slotsPerFrame, (k + 1) * slotsPerFrame). While the chain is in frame
///      k >= 1, the report due is for refSlot = k * slotsPerFrame - 1: the last slot of the previous,
///      completed frame. Frame 0 (and any time before genesis) has no report due. slotsPerFrame >= 2
///      keeps every refSlot >= 1, so 0 can mean "none". A frame's report may be submitted at any
///      time during the frame; once the frame ends, its refSlot is no longer accepted.
///
///      Voting. Each member votes once per refSlot and voting round; the first hash to reach
///      quorum (members / 2 + 1) is applied in the same call, and no other report for that refSlot
///      (or an earlier one) is accepted after. Any member or frame-config change starts a new
///      round: earlier votes stop counting, so a removal can neither leave a removed member's vote
///      in the tally nor let votes cast against a higher quorum cross a lowered one. Members re-vote.
contract TributaryOracle is ITributaryOracle, AccessControl {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @dev Read together on every vote: one slot.
    struct State {
        address receiver;
        uint64 lastAppliedRefSlot;
        uint32 votingRound;
    }

    FrameConfig private _frameConfig;
    State private _state;
    EnumerableSet.AddressSet private _members;

    /// @dev refSlot << 32 | votingRound of the member's last vote; one overwritten slot per member.
    mapping(address member => uint256 voteKey) private _lastVote;
    /// @dev keccak256(refSlot, votingRound, reportHash) => votes.
    mapping(bytes32 tallyKey => uint256 support) private _support;

    /// @param admin Holds DEFAULT_ADMIN_ROLE: manages members, frame config and the receiver.
    /// @param receiver_ The pool that applies agreed reports.
    /// @param config Frame config; see the contract docs for frame semantics.
    constructor(address admin, address receiver_, FrameConfig memory config) {
        if (admin == address(0)) revert Oracle_ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setReceiver(receiver_);
        _setFrameConfig(config);
    }

    // ------------------------------------------------------------------ voting

    /// @inheritdoc ITributaryOracle
    /// @dev If the receiver reverts, this vote reverts with its reason and nothing is recorded.
    function submitReport(OracleReport calldata report) external {
        if (!_members.contains(msg.sender)) revert Oracle_NotMember(msg.sender);
        uint256 refSlot = currentRefSlot();
        if (refSlot == 0) revert Oracle_NoReportDue();
        if (report.refSlot != refSlot) revert Oracle_WrongRefSlot(report.refSlot, refSlot);
        State memory st = _state;
        if (refSlot <= st.lastAppliedRefSlot) revert Oracle_FrameAlreadyApplied(refSlot);

        uint256 voteKey = (refSlot << 32) | st.votingRound;
        if (_lastVote[msg.sender] == voteKey) revert Oracle_AlreadyVoted(refSlot, msg.sender);
        _lastVote[msg.sender] = voteKey;

        bytes32 reportHash = keccak256(abi.encode(report));
        uint256 support = ++_support[_tallyKey(refSlot, st.votingRound, reportHash)];
        emit ReportSubmitted(refSlot, msg.sender, reportHash, support);

        if (support >= quorum()) {
            // Settled before the call: a receiver re-entering finds the frame applied.
            // refSlot <= slot(block.timestamp), far below 2^64.
            // forge-lint: disable-next-line(unsafe-typecast)
            _state.lastAppliedRefSlot = uint64(refSlot);
            emit ReportApplied(refSlot, reportHash, support);
            IOracleReportReceiver(st.receiver).handleOracleReport(report);
        }
    }

    // ------------------------------------------------------------------ admin

    /// @notice Adds a voting member and starts a new voting round. Admin only.
    function addMember(address member) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (member == address(0)) revert Oracle_ZeroAddress();
        if (!_members.add(member)) revert Oracle_AlreadyMember(member);
        _newRound();
        emit MemberAdded(member, _members.length(), quorum());
    }

    /// @notice Removes a member and starts a new voting round. Admin only.
    function removeMember(address member) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_members.remove(member)) revert Oracle_UnknownMember(member);
        _newRound();
        emit MemberRemoved(member, _members.length(), quorum());
    }

    /// @notice Replaces the frame config and starts a new voting round. Admin only.
    /// @dev A config that maps now to a refSlot at or below the last applied one accepts no
    ///      report until time reaches a later frame: applied frames are never reopened.
    function setFrameConfig(FrameConfig calldata config) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFrameConfig(config);
        _newRound();
    }

    /// @notice Points the oracle at a new pool. Admin only.
    function setReceiver(address receiver_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setReceiver(receiver_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ITributaryOracle
    function currentRefSlot() public view returns (uint256) {
        return refSlotAt(block.timestamp);
    }

    /// @inheritdoc ITributaryOracle
    function refSlotAt(uint256 timestamp) public view returns (uint256) {
        FrameConfig memory c = _frameConfig;
        if (timestamp < c.genesisTime) return 0;
        uint256 frame = (timestamp - c.genesisTime) / c.secondsPerSlot / c.slotsPerFrame;
        return frame == 0 ? 0 : frame * c.slotsPerFrame - 1;
    }

    /// @inheritdoc ITributaryOracle
    function lastAppliedRefSlot() external view returns (uint256) {
        return _state.lastAppliedRefSlot;
    }

    /// @inheritdoc ITributaryOracle
    function quorum() public view returns (uint256) {
        return _members.length() / 2 + 1;
    }

    /// @inheritdoc ITributaryOracle
    function getMembers() external view returns (address[] memory) {
        return _members.values();
    }

    /// @inheritdoc ITributaryOracle
    function frameConfig() external view returns (FrameConfig memory) {
        return _frameConfig;
    }

    /// @inheritdoc ITributaryOracle
    function receiver() external view returns (address) {
        return _state.receiver;
    }

    /// @inheritdoc ITributaryOracle
    function isMember(address account) external view returns (bool) {
        return _members.contains(account);
    }

    /// @inheritdoc ITributaryOracle
    function hasVoted(address member) external view returns (bool) {
        uint256 refSlot = currentRefSlot();
        return refSlot != 0 && _lastVote[member] == ((refSlot << 32) | _state.votingRound);
    }

    /// @inheritdoc ITributaryOracle
    function getSupport(bytes32 reportHash) external view returns (uint256) {
        return _support[_tallyKey(currentRefSlot(), _state.votingRound, reportHash)];
    }

    /// @inheritdoc ITributaryOracle
    function votingRound() external view returns (uint256) {
        return _state.votingRound;
    }

    // ------------------------------------------------------------------ internals

    function _tallyKey(uint256 refSlot, uint256 round, bytes32 reportHash) private pure returns (bytes32) {
        return keccak256(abi.encode(refSlot, round, reportHash));
    }

    function _newRound() private {
        ++_state.votingRound;
    }

    function _setReceiver(address receiver_) private {
        if (receiver_ == address(0)) revert Oracle_ZeroAddress();
        _state.receiver = receiver_;
        emit ReceiverSet(receiver_);
    }

    function _setFrameConfig(FrameConfig memory config) private {
        if (config.secondsPerSlot == 0 || config.slotsPerFrame < 2) revert Oracle_InvalidFrameConfig();
        _frameConfig = config;
        emit FrameConfigSet(config);
    }
}
