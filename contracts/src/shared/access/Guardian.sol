// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title Guardian
/// @notice A pause key beside the owner. The owner is a timelock, so every configuration change
///         waits out its delay; stopping funds from moving must not wait. The guardian may only
///         stop things (each contract marks which calls with `onlyGuardianOrOwner`); undoing a
///         stop is the owner's, behind the delay.
abstract contract Guardian is Ownable {
    /// @notice May call the contract's pause functions at once.
    address public guardian;

    event GuardianUpdated(address indexed guardian);

    error Guardian_NotGuardianOrOwner(address caller);

    modifier onlyGuardianOrOwner() {
        if (msg.sender != guardian && msg.sender != owner()) revert Guardian_NotGuardianOrOwner(msg.sender);
        _;
    }

    /// @notice Sets the pause key (zero: only the owner can pause). Owner only.
    function setGuardian(address guardian_) external onlyOwner {
        guardian = guardian_;
        emit GuardianUpdated(guardian_);
    }
}
