// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {OracleReport} from "../types/OracleReport.sol";

/// @title ITributaryOracle
/// @notice The oracle committee: members vote once per frame on the hash of a report; the first
///         hash backed by a quorum (more than half of the members) is applied to the pool.
interface ITributaryOracle {
    struct FrameConfig {
        /// @notice Unix time of slot 0 (the beacon chain's genesis, or the simulator's).
        uint64 genesisTime;
        uint64 secondsPerSlot;
        /// @notice Frame length in slots; a frame's reference slot is its first slot minus one.
        uint64 slotsPerFrame;
    }

    event MemberAdded(address indexed member, uint256 memberCount, uint256 quorum);
    event MemberRemoved(address indexed member, uint256 memberCount, uint256 quorum);
    event FrameConfigSet(FrameConfig config);
    event ReportSubmitted(uint256 indexed refSlot, address indexed member, bytes32 reportHash, uint256 support);
    event ReportApplied(uint256 indexed refSlot, bytes32 reportHash, uint256 support);
    /// @notice The contract reports are applied to changed.
    event ReceiverSet(address indexed receiver);

    error Oracle_NotMember(address caller);
    error Oracle_AlreadyMember(address member);
    error Oracle_UnknownMember(address member);
    error Oracle_WrongRefSlot(uint256 reported, uint256 expected);
    error Oracle_AlreadyVoted(uint256 refSlot, address member);
    error Oracle_FrameAlreadyApplied(uint256 refSlot);
    error Oracle_InvalidFrameConfig();
    /// @notice The first frame has not ended (or genesis is in the future): no report is due.
    error Oracle_NoReportDue();
    /// @notice A zero admin or receiver address.
    error Oracle_ZeroAddress();

    /// @notice Casts the caller's vote for `report`; applies it once the quorum backs its hash.
    /// @dev Member only; `report.refSlot` must be the current frame's reference slot.
    function submitReport(OracleReport calldata report) external;

    /// @notice Reference slot of the frame reports are due for now.
    function currentRefSlot() external view returns (uint256);

    /// @notice Reference slot of the last applied report (0 if none).
    function lastAppliedRefSlot() external view returns (uint256);

    function quorum() external view returns (uint256);
    function getMembers() external view returns (address[] memory);
    function frameConfig() external view returns (FrameConfig memory);

    /// @notice Reference slot reports are due for at `timestamp` under the current frame config;
    ///         0 while no frame has ended yet (0 is never a reference slot).
    function refSlotAt(uint256 timestamp) external view returns (uint256);

    /// @notice The contract agreed reports are applied to (the pool).
    function receiver() external view returns (address);

    function isMember(address account) external view returns (bool);

    /// @notice Whether `member` has a vote counted for the current reference slot and member set.
    function hasVoted(address member) external view returns (bool);

    /// @notice Votes `reportHash` has for the current reference slot and member set.
    function getSupport(bytes32 reportHash) external view returns (uint256);

    /// @notice Increments on every member or frame-config change; votes from earlier rounds no
    ///         longer count.
    function votingRound() external view returns (uint256);
}
