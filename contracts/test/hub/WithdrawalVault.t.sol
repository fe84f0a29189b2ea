// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {WithdrawalVault} from "../../src/hub/WithdrawalVault.sol";
import {IWithdrawalVault} from "../../src/shared/interfaces/IWithdrawalVault.sol";

contract WithdrawalVaultTest is Test {
    WithdrawalVault internal vault;
    address internal pool = makeAddr("pool");

    function setUp() public {
        vault = new WithdrawalVault(pool);
    }

    function test_constructor_zeroPool_reverts() public {
        vm.expectRevert(IWithdrawalVault.WithdrawalVault_ZeroPool.selector);
        new WithdrawalVault(address(0));
    }

    function test_receive_plainTransfer_succeeds() public {
        vm.expectEmit(address(vault));
        emit IWithdrawalVault.EtherReceived(address(this), 1 ether);
        payable(address(vault)).transfer(1 ether);
        assertEq(address(vault).balance, 1 ether);
    }

    function test_withdrawToPool_pool_succeeds() public {
        vm.deal(address(vault), 5 ether);
        vm.expectEmit(address(vault));
        emit IWithdrawalVault.Withdrawn(pool, 3 ether);
        vm.prank(pool);
        vault.withdrawToPool(3 ether);
        assertEq(pool.balance, 3 ether);
        assertEq(address(vault).balance, 2 ether);
    }

    function test_withdrawToPool_notPool_reverts() public {
        vm.deal(address(vault), 5 ether);
        vm.expectRevert(abi.encodeWithSelector(IWithdrawalVault.WithdrawalVault_NotPool.selector, address(this)));
        vault.withdrawToPool(1 ether);
    }

    function test_withdrawToPool_overBalance_reverts() public {
        vm.deal(address(vault), 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IWithdrawalVault.WithdrawalVault_InsufficientBalance.selector, 2 ether, 1 ether)
        );
        vm.prank(pool);
        vault.withdrawToPool(2 ether);
    }

    function testFuzz_withdrawToPool_anyAmountUpToBalance_succeeds(uint256 balance, uint256 amount) public {
        balance = bound(balance, 0, 1e30);
        amount = bound(amount, 0, balance);
        vm.deal(address(vault), balance);
        vm.prank(pool);
        vault.withdrawToPool(amount);
        assertEq(pool.balance, amount);
        assertEq(address(vault).balance, balance - amount);
    }
}
