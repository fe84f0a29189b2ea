// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the oracle committee agrees on once per frame: the beacon-chain state of the
///         protocol's validators and the withdrawal vault at the frame's reference slot.
/// @dev Members vote on keccak256(abi.encode(report)); every field is part of the consensus.
struct OracleReport {
    /// @notice Reference slot of the frame this report is for (frames are counted in slots).
    uint64 refSlot;
    /// @notice Protocol validators that have ever appeared on the beacon chain (cumulative).
    uint64 beaconValidators;
    /// @notice Protocol validators that have fully exited (cumulative, never decreases).
    uint64 exitedValidators;
    /// @notice Sum of the balances of the protocol's not-yet-withdrawn validators, in wei.
    uint128 beaconBalance;
    /// @notice ETH in the withdrawal vault at the reference slot (skimmed rewards and exits), in wei.
    uint128 withdrawalVaultBalance;
    /// @notice Last withdrawal request id to finalize with this report (0: finalize none).
    uint256 finalizeUpToRequestId;
}
