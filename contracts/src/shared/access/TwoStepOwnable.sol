// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title TwoStepOwnable
/// @notice Ownership for every Tributary contract that holds funds or config: a transfer takes
///         effect only when the new owner accepts it (a typo cannot hand the contract to a dead
///         address), and ownership can never be renounced (which would freeze pausing, limits,
///         peers and recovery for good).
/// @dev Contracts that also inherit Ownable through OApp must name both bases when overriding
///      `transferOwnership`, `_transferOwnership` and `renounceOwnership`; each such override only
///      calls `super`.
abstract contract TwoStepOwnable is Ownable2Step {
    /// @notice Renouncing would leave the contract without an owner forever; it is disabled.
    error TwoStepOwnable_RenounceDisabled();

    /// @notice Always reverts with {TwoStepOwnable_RenounceDisabled}.
    function renounceOwnership() public pure virtual override {
        revert TwoStepOwnable_RenounceDisabled();
    }
}
