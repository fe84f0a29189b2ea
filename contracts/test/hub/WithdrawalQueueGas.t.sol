// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {HubFixture} from "./harness/HubFixture.sol";

/// @dev The request's gas against the real trETH, whose getRate and transferFrom are part of the
///      bill (about 8k more than the unit tests' harness pool). setUp leaves a staked pool at a
///      rate off 1.0 and the queue holding another owner's request. The tests run isolated (each
///      top-level call its own transaction), so a snapshot is the request's transaction gas:
///      21,000 base, calldata, cold storage and refunds included.
///      What trETH charges depends on the owner's allowance to the queue: rewritten to a nonzero
///      rest (an approval larger than the request, or the sub-unit remainder of an exact one),
///      zeroed (an exact approval of whole units, as the SDK and the web app make for 1 trETH:
///      the zeroing refunds 4,800), or left alone (unlimited).
contract WithdrawalQueueGasTest is HubFixture {
    /// @dev The issue's bar, per transaction with the 21,000 base.
    uint256 internal constant REQUEST_TX_GAS_BAR = 100_000;
    /// @dev Where an owner's first request stands when trETH rewrites its allowance: over the bar
    ///      by trETH's allowance write (see the WithdrawalQueue contract notes). Fails on a regression.
    uint256 internal constant FIRST_REQUEST_ANY_ALLOWANCE_CEILING = 105_000;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        _deployHub(1 ether, 1000, 5000);
        address whale = makeAddr("whale");
        vm.deal(whale, 40 ether);
        vm.prank(whale);
        trETH.depositETH{value: 40 ether}(whale, 0);
        _stakeBeaconBase();
        _reportRewards(0.01 ether);
        address[2] memory users = [alice, bob];
        for (uint256 i; i < users.length; ++i) {
            vm.deal(users[i], 10 ether);
            vm.prank(users[i]);
            trETH.depositETH{value: 5 ether}(users[i], 0);
        }
        vm.startPrank(bob);
        trETH.approve(address(queue), type(uint256).max);
        queue.requestWithdrawal(1 ether, bob);
        vm.stopPrank();
    }

    /// @dev The app's flow: approve exactly the whole-unit amount, then an owner's first request.
    /// forge-config: default.isolate = true
    /// forge-config: ci.isolate = true
    function test_gas_requestWithdrawalFirstOwnerExactApproval_succeeds() public {
        uint256 txGas = _snapshotAliceRequest(1 ether, "requestWithdrawal_trETH_firstOwner_exactApproval_txGas");
        assertLe(txGas, REQUEST_TX_GAS_BAR, "first request over the gas bar");
        assertEq(trETH.allowance(alice, address(queue)), 0);
    }

    /// forge-config: default.isolate = true
    /// forge-config: ci.isolate = true
    function test_gas_requestWithdrawalFirstOwnerUnlimitedApproval_succeeds() public {
        uint256 txGas =
            _snapshotAliceRequest(type(uint256).max, "requestWithdrawal_trETH_firstOwner_unlimitedApproval_txGas");
        assertLe(txGas, FIRST_REQUEST_ANY_ALLOWANCE_CEILING, "first request over its ceiling");
    }

    /// @dev The worst case: the allowance is rewritten and stays nonzero.
    /// forge-config: default.isolate = true
    /// forge-config: ci.isolate = true
    function test_gas_requestWithdrawalFirstOwnerAllowanceLeft_succeeds() public {
        uint256 txGas = _snapshotAliceRequest(3 ether, "requestWithdrawal_trETH_firstOwner_allowanceLeft_txGas");
        assertLe(txGas, FIRST_REQUEST_ANY_ALLOWANCE_CEILING, "first request over its ceiling");
        assertEq(trETH.allowance(alice, address(queue)), 2 ether);
    }

    /// @dev An owner who already holds a request (ERC-721 balance slot not fresh), allowance left.
    /// forge-config: default.isolate = true
    /// forge-config: ci.isolate = true
    function test_gas_requestWithdrawalRepeatOwner_succeeds() public {
        vm.startPrank(alice);
        trETH.approve(address(queue), 4 ether);
        queue.requestWithdrawal(1 ether, alice);
        vm.stopPrank();
        uint256 txGas = _snapshotAliceRequest(0, "requestWithdrawal_trETH_repeatOwner_txGas");
        assertLe(txGas, REQUEST_TX_GAS_BAR, "repeat request over the gas bar");
        assertEq(queue.balanceOf(alice), 2);
    }

    /// @dev Alice approves `allowance` (unless 0), then requests 1 trETH for herself; snapshots the
    ///      request's transaction gas as `name`.
    function _snapshotAliceRequest(uint256 allowance, string memory name) internal returns (uint256 txGas) {
        if (allowance != 0) {
            vm.prank(alice);
            trETH.approve(address(queue), allowance);
        }
        vm.prank(alice);
        queue.requestWithdrawal(1 ether, alice);
        txGas = vm.snapshotGasLastCall("WithdrawalQueue", name);
    }
}
