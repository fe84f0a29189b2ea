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

    error Oracle_NotMember(address caller);
    error Oracle_AlreadyMember(address member);
    error Oracle_UnknownMember(address member);
    error Oracle_WrongRefSlot(uint256 reported, uint256 expected);
    error Oracle_AlreadyVoted(uint256 refSlot, address member);
    error Oracle_FrameAlreadyApplied(uint256 refSlot);
    error Oracle_InvalidFrameConfig();

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
}
