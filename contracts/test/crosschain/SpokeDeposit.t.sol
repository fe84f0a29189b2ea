// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ISpokePool} from "../../src/shared/interfaces/ISpokePool.sol";
import {PlannedSystemBase} from "./PlannedSystemBase.sol";

/// @dev Spoke minting against a rate that really came from the hub over LayerZero.
contract SpokeDepositTest is PlannedSystemBase {
    function _expectedShares(uint256 assets, uint256 rate) internal view returns (uint256 shares, uint256 fee) {
        fee = Math.mulDiv(assets, SPOKE_FEE_BPS, 10_000, Math.Rounding.Ceil);
        shares = Math.mulDiv(assets - fee, 1e18, rate);
    }

    function test_deposit_afterRatePush_succeeds() public {
        _reportRewards(5 ether);
        uint256 hubRate = trETH.getRate();
        _pushRate(alpha);

        (uint256 expected, uint256 fee) = _expectedShares(2 ether, hubRate);
        (uint256 quoted, uint256 quotedFee) = alpha.pool.quoteDeposit(2 ether);
        assertEq(quoted, expected);
        assertEq(quotedFee, fee);

        vm.expectEmit(address(alpha.pool));
        emit ISpokePool.Deposited(alice, alice, 2 ether, expected, fee, hubRate);
        vm.prank(alice);
        uint256 shares = alpha.pool.deposit{value: 2 ether}(alice, quoted);

        assertEq(shares, expected);
        assertEq(alpha.token.balanceOf(alice), expected);
        assertEq(address(alpha.pool).balance, 2 ether);
        // Minting on a spoke never gives more than depositing on the hub would.
        assertLe(shares, trETH.previewDeposit(2 ether));
    }

    function test_deposit_rateRiseLowersShares_succeeds() public {
        _pushRate(alpha);
        vm.prank(alice);
        uint256 before = alpha.pool.deposit{value: 1 ether}(alice, 0);

        vm.warp(block.timestamp + 30 days);
        _reportRewards(1 ether);
        _pushRate(alpha);
        vm.prank(bob);
        uint256 later = alpha.pool.deposit{value: 1 ether}(bob, 0);

        (uint256 expected,) = _expectedShares(1 ether, trETH.getRate());
        assertEq(later, expected);
        assertLt(later, before);
    }

    function test_deposit_beforeFirstPush_reverts() public {
        _pushRate(alpha);
        vm.expectRevert(ISpokePool.SpokePool_NoRate.selector);
        vm.prank(alice);
        beta.pool.deposit{value: 1 ether}(alice, 0);
    }

    /// @dev Deposits stop when pushes stop, and resume with the next push.
    /// @dev The rate's age is the hub report's age: re-broadcasting an old rate does not refresh
    ///      it, only a new oracle report does.
    function test_deposit_staleUntilNextReport_reverts() public {
        _pushRate(alpha);
        vm.warp(block.timestamp + MAX_RATE_AGE + 1);

        bytes memory stale =
            abi.encodeWithSelector(ISpokePool.SpokePool_StaleRate.selector, uint256(MAX_RATE_AGE) + 1, MAX_RATE_AGE);
        vm.expectRevert(stale);
        vm.prank(alice);
        alpha.pool.deposit{value: 1 ether}(alice, 0);

        _pushRate(alpha);
        vm.expectRevert(stale);
        vm.prank(alice);
        alpha.pool.deposit{value: 1 ether}(alice, 0);

        _reportRewards(0.01 ether);
        _pushRate(alpha);
        vm.prank(alice);
        assertGt(alpha.pool.deposit{value: 1 ether}(alice, 0), 0);
    }
}
