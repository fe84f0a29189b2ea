// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";

import {TwoStepOwnable} from "../../src/shared/access/TwoStepOwnable.sol";
import {PlannedSystemBase} from "../crosschain/PlannedSystemBase.sol";

/// @dev The two ownership footguns, tried on every contract that holds funds or config: the hub
///      lockbox, broadcaster and ledger, and a spoke's token, rate receiver and pool, each owned by
///      its chain's timelock as the deploy plan leaves them.
contract TwoStepOwnableTest is PlannedSystemBase {
    address internal typo = makeAddr("typo");
    address internal multisig = makeAddr("multisig");

    function _owned() internal view returns (Ownable2Step[6] memory) {
        return [
            Ownable2Step(address(adapter)),
            Ownable2Step(address(broadcaster)),
            Ownable2Step(address(ledger)),
            Ownable2Step(address(alpha.token)),
            Ownable2Step(address(alpha.receiver)),
            Ownable2Step(address(alpha.pool))
        ];
    }

    /// @dev A transfer to a wrong address is not final: the owner keeps every power until the new
    ///      owner accepts, and can still redirect the transfer to the right address.
    function test_transferOwnership_wrongAddressNotFinal_succeeds() public {
        Ownable2Step[6] memory owned = _owned();
        for (uint256 i; i < owned.length; ++i) {
            Ownable2Step c = owned[i];
            address timelock = c.owner();
            _prankOwner(address(c));
            c.transferOwnership(typo);
            assertEq(c.owner(), timelock, "transfer took effect before acceptance");
            assertEq(c.pendingOwner(), typo);
            // Still the owner: an owner-only call goes through.
            vm.prank(timelock);
            IOAppCore(address(c)).setDelegate(timelock);

            // A stranger cannot accept; the pending owner is replaced by the right address.
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, multisig));
            vm.prank(multisig);
            c.acceptOwnership();
            vm.prank(timelock);
            c.transferOwnership(multisig);
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, typo));
            vm.prank(typo);
            c.acceptOwnership();

            vm.prank(multisig);
            c.acceptOwnership();
            assertEq(c.owner(), multisig);
            assertEq(c.pendingOwner(), address(0));
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, timelock));
            vm.prank(timelock);
            IOAppCore(address(c)).setDelegate(timelock);
        }
    }

    /// @dev Renouncing would freeze peers, limits, pauses and recovery for good: it reverts for the
    ///      owner (and anyone else), and ownership stays.
    function test_renounceOwnership_owner_reverts() public {
        Ownable2Step[6] memory owned = _owned();
        for (uint256 i; i < owned.length; ++i) {
            address timelock = owned[i].owner();
            _prankOwner(address(owned[i]));
            vm.expectRevert(TwoStepOwnable.TwoStepOwnable_RenounceDisabled.selector);
            owned[i].renounceOwnership();
            vm.expectRevert(TwoStepOwnable.TwoStepOwnable_RenounceDisabled.selector);
            vm.prank(multisig);
            owned[i].renounceOwnership();
            assertEq(owned[i].owner(), timelock);
        }
    }

    /// @dev A pending transfer does not open renounce either.
    function test_renounceOwnership_pendingTransfer_reverts() public {
        Ownable2Step[6] memory owned = _owned();
        for (uint256 i; i < owned.length; ++i) {
            _prankOwner(address(owned[i]));
            owned[i].transferOwnership(multisig);
            vm.expectRevert(TwoStepOwnable.TwoStepOwnable_RenounceDisabled.selector);
            vm.prank(multisig);
            owned[i].renounceOwnership();
            assertEq(owned[i].pendingOwner(), multisig);
        }
    }
}
