// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {RateReceiver} from "../../src/spoke/RateReceiver.sol";
import {TrETHOFT} from "../../src/spoke/TrETHOFT.sol";
import {ISpokePool} from "../../src/shared/interfaces/ISpokePool.sol";
import {IRateReceiver} from "../../src/shared/interfaces/IRateReceiver.sol";
import {GasMath} from "../utils/GasMath.sol";
import {SpokeBase} from "./SpokeBase.sol";

contract SpokePoolTest is SpokeBase {
    /// @dev Product bar: a first spoke deposit, as a whole transaction.
    uint256 internal constant SPOKE_DEPOSIT_GAS_BAR = 70_000;
    uint256 internal constant RATE = 1.07e18;
    uint256 internal constant BPS = 10_000;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    uint64 internal rateSequence;

    function setUp() public override {
        super.setUp();
        vm.deal(alice, 1_000 ether);
        vm.deal(bob, 1_000 ether);
        _pushFreshRate(RATE);
        // Another depositor already minted, so the token's supply slot is not empty.
        vm.prank(bob);
        pool.deposit{value: 1 ether}(bob, 0);
    }

    function _pushFreshRate(uint256 rate) internal {
        _pushRate(rate, uint64(block.timestamp), ++rateSequence);
    }

    function _mockRate(uint256 rate) internal {
        vm.mockCall(
            address(receiver), abi.encodeCall(IRateReceiver.rateAndUpdatedAt, ()), abi.encode(rate, block.timestamp)
        );
    }

    /// @dev What the pool should charge and mint, computed independently of the contract.
    function _expected(uint256 assets, uint256 rate, uint256 feeBps)
        internal
        pure
        returns (uint256 shares, uint256 fee)
    {
        fee = Math.mulDiv(assets, feeBps, BPS, Math.Rounding.Ceil);
        shares = Math.mulDiv(assets - fee, 1e18, rate);
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_setsState_succeeds() public {
        vm.expectEmit();
        emit ISpokePool.FeeUpdated(25);
        vm.expectEmit();
        emit ISpokePool.MaxRateAgeUpdated(2 hours);
        SpokePool fresh = new SpokePool(token, IRateReceiver(address(receiver)), owner, 25, 2 hours);

        assertEq(address(fresh.trETH()), address(token));
        assertEq(address(fresh.rateReceiver()), address(receiver));
        assertEq(fresh.owner(), owner);
        assertEq(fresh.feeBps(), 25);
        assertEq(fresh.maxRateAge(), 2 hours);
        assertEq(fresh.MAX_FEE_BPS(), 100);
        assertFalse(fresh.paused());
    }

    function test_constructor_feeTooHigh_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_FeeTooHigh.selector, uint16(101), uint16(100)));
        new SpokePool(token, IRateReceiver(address(receiver)), owner, 101, 1 days);
    }

    // ------------------------------------------------------------------ deposit

    function test_deposit_freshRate_succeeds() public {
        (uint256 shares, uint256 fee) = _expected(2 ether, RATE, FEE_BPS);
        assertEq(fee, 0.002 ether);

        vm.expectEmit(address(token));
        emit IERC20.Transfer(address(0), alice, shares);
        vm.expectEmit(address(pool));
        emit ISpokePool.Deposited(bob, alice, 2 ether, shares, fee, RATE);
        vm.prank(bob);
        uint256 minted = pool.deposit{value: 2 ether}(alice, shares);

        assertEq(minted, shares);
        assertEq(token.balanceOf(alice), shares);
        assertEq(address(pool).balance, 3 ether, "the pool keeps all ETH, fee included");
    }

    /// @dev The measured call is the test's first touch of the pool, receiver and token (cold
    ///      storage, as in a real transaction); minShares is computed off-contract for that reason.
    function test_deposit_newUser_succeeds() public {
        (uint256 minShares,) = _expected(1 ether, RATE, FEE_BPS);

        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, minShares);
        uint256 used = vm.snapshotGasLastCall("SpokePool", "deposit_newUser");

        assertEq(token.balanceOf(alice), minShares);
        uint256 txGas = GasMath.txGas(used, abi.encodeCall(SpokePool.deposit, (alice, minShares)));
        assertLe(txGas, SPOKE_DEPOSIT_GAS_BAR, "first spoke deposit over the gas bar");
    }

    function test_deposit_zeroValue_reverts() public {
        vm.expectRevert(ISpokePool.SpokePool_ZeroDeposit.selector);
        vm.prank(alice);
        pool.deposit{value: 0}(alice, 0);
    }

    function test_deposit_zeroReceiver_reverts() public {
        vm.expectRevert(ISpokePool.SpokePool_ZeroReceiver.selector);
        vm.prank(alice);
        pool.deposit{value: 1 ether}(address(0), 0);
    }

    function test_deposit_noRate_reverts() public {
        RateReceiver emptyReceiver = _newReceiver();
        SpokePool fresh = new SpokePool(token, IRateReceiver(address(emptyReceiver)), owner, FEE_BPS, MAX_RATE_AGE);

        vm.expectRevert(ISpokePool.SpokePool_NoRate.selector);
        vm.prank(alice);
        fresh.deposit{value: 1 ether}(alice, 0);
    }

    /// @dev A rate older than maxRateAge could be far below the hub's: minting at it is refused.
    function test_deposit_staleRate_reverts() public {
        vm.warp(block.timestamp + MAX_RATE_AGE + 1);

        vm.expectRevert(
            abi.encodeWithSelector(ISpokePool.SpokePool_StaleRate.selector, uint256(MAX_RATE_AGE) + 1, MAX_RATE_AGE)
        );
        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, 0);
    }

    function test_deposit_rateExactlyMaxAge_succeeds() public {
        vm.warp(block.timestamp + MAX_RATE_AGE);
        vm.prank(alice);
        assertGt(pool.deposit{value: 1 ether}(alice, 0), 0);
    }

    function test_deposit_newRateAfterStale_succeeds() public {
        vm.warp(block.timestamp + MAX_RATE_AGE + 1);
        _pushFreshRate(1.0702e18);

        (uint256 shares,) = _expected(1 ether, 1.0702e18, FEE_BPS);
        vm.prank(alice);
        assertEq(pool.deposit{value: 1 ether}(alice, 0), shares);
    }

    /// @dev Clocks differ between chains; a hub time slightly ahead is age zero, not an underflow.
    function test_deposit_hubClockAhead_succeeds() public {
        _pushRate(RATE, uint64(block.timestamp + 30), ++rateSequence);
        vm.prank(alice);
        assertGt(pool.deposit{value: 1 ether}(alice, 0), 0);
    }

    function test_deposit_paused_reverts() public {
        vm.prank(owner);
        pool.pause();

        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, 0);
    }

    function test_deposit_belowMinShares_reverts() public {
        (uint256 shares,) = _expected(1 ether, RATE, FEE_BPS);
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_InsufficientShares.selector, shares, shares + 1));
        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, shares + 1);
    }

    /// @dev 1 wei pays a 1 wei fee (rounded up) and would mint nothing: refused, not swallowed.
    function test_deposit_roundsToZeroShares_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_InsufficientShares.selector, 0, 0));
        vm.prank(alice);
        pool.deposit{value: 1}(alice, 0);
    }

    function test_deposit_poolNotMinter_reverts() public {
        vm.prank(owner);
        token.setMinter(makeAddr("otherMinter"));

        vm.expectRevert(abi.encodeWithSelector(TrETHOFT.TrETHOFT_NotMinter.selector, address(pool)));
        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, 0);
    }

    // ------------------------------------------------------------------ quoteDeposit

    function test_quoteDeposit_freshRate_succeeds() public view {
        (uint256 shares, uint256 fee) = pool.quoteDeposit(5 ether);
        (uint256 expectedShares, uint256 expectedFee) = _expected(5 ether, RATE, FEE_BPS);
        assertEq(shares, expectedShares);
        assertEq(fee, expectedFee);
    }

    function test_quoteDeposit_zeroAssets_succeeds() public view {
        (uint256 shares, uint256 fee) = pool.quoteDeposit(0);
        assertEq(shares, 0);
        assertEq(fee, 0);
    }

    function test_quoteDeposit_staleRate_reverts() public {
        vm.warp(block.timestamp + MAX_RATE_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ISpokePool.SpokePool_StaleRate.selector, uint256(MAX_RATE_AGE) + 1, MAX_RATE_AGE)
        );
        pool.quoteDeposit(1 ether);
    }

    function test_quoteDeposit_noRate_reverts() public {
        RateReceiver emptyReceiver = _newReceiver();
        SpokePool fresh = new SpokePool(token, IRateReceiver(address(emptyReceiver)), owner, FEE_BPS, MAX_RATE_AGE);
        vm.expectRevert(ISpokePool.SpokePool_NoRate.selector);
        fresh.quoteDeposit(1 ether);
    }

    // ------------------------------------------------------------------ setFee

    function test_setFee_owner_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.FeeUpdated(100);
        vm.prank(owner);
        pool.setFee(100);
        assertEq(pool.feeBps(), 100);

        (, uint256 fee) = pool.quoteDeposit(1 ether);
        assertEq(fee, 0.01 ether);
    }

    function test_setFee_zero_succeeds() public {
        vm.prank(owner);
        pool.setFee(0);
        (uint256 shares, uint256 fee) = pool.quoteDeposit(1 ether);
        assertEq(fee, 0);
        assertEq(shares, Math.mulDiv(1 ether, 1e18, RATE));
    }

    function test_setFee_aboveMax_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_FeeTooHigh.selector, uint16(101), uint16(100)));
        vm.prank(owner);
        pool.setFee(101);
    }

    function test_setFee_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        pool.setFee(0);
    }

    // ------------------------------------------------------------------ setMaxRateAge

    function test_setMaxRateAge_owner_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.MaxRateAgeUpdated(1 hours);
        vm.prank(owner);
        pool.setMaxRateAge(1 hours);
        assertEq(pool.maxRateAge(), 1 hours);

        // The same two-hour-old rate that was fresh under a day is now stale.
        vm.warp(block.timestamp + 2 hours);
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_StaleRate.selector, 2 hours, 1 hours));
        pool.quoteDeposit(1 ether);
    }

    function test_setMaxRateAge_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        pool.setMaxRateAge(type(uint32).max);
    }

    // ------------------------------------------------------------------ pause / unpause

    function test_pause_owner_succeeds() public {
        vm.expectEmit(address(pool));
        emit Pausable.Paused(owner);
        vm.prank(owner);
        pool.pause();
        assertTrue(pool.paused());
    }

    function test_pause_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        pool.pause();
    }

    function test_pause_alreadyPaused_reverts() public {
        vm.startPrank(owner);
        pool.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        pool.pause();
        vm.stopPrank();
    }

    function test_unpause_owner_succeeds() public {
        vm.startPrank(owner);
        pool.pause();
        vm.expectEmit(address(pool));
        emit Pausable.Unpaused(owner);
        pool.unpause();
        vm.stopPrank();

        vm.prank(alice);
        assertGt(pool.deposit{value: 1 ether}(alice, 0), 0);
    }

    function test_unpause_notOwner_reverts() public {
        vm.prank(owner);
        pool.pause();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        pool.unpause();
    }

    function test_unpause_notPaused_reverts() public {
        vm.expectRevert(Pausable.ExpectedPause.selector);
        vm.prank(owner);
        pool.unpause();
    }

    // ------------------------------------------------------------------ fuzz: money paths

    function _fuzzSetup(uint256 assets, uint256 rate, uint256 feeBps)
        internal
        returns (uint256 boundedAssets, uint256 boundedRate, uint16 boundedFee)
    {
        boundedAssets = bound(assets, 1, 1e12 ether);
        boundedRate = bound(rate, 1, type(uint128).max);
        boundedFee = uint16(bound(feeBps, 0, pool.MAX_FEE_BPS()));
        vm.prank(owner);
        pool.setFee(boundedFee);
        // The pool's arithmetic over any rate, not the receiver's bounds: serve the rate directly.
        _mockRate(boundedRate);
        vm.deal(alice, boundedAssets);
    }

    /// @dev What a wallet shows is what the user gets: the quote equals the deposit, exactly.
    function testFuzz_quoteDeposit_matchesDeposit_succeeds(uint256 assets, uint256 rate, uint256 feeBps) public {
        (assets, rate,) = _fuzzSetup(assets, rate, feeBps);
        (uint256 quotedShares, uint256 quotedFee) = pool.quoteDeposit(assets);

        vm.prank(alice);
        if (quotedShares == 0) {
            vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_InsufficientShares.selector, 0, 0));
            pool.deposit{value: assets}(alice, 0);
            return;
        }
        vm.expectEmit(address(pool));
        emit ISpokePool.Deposited(alice, alice, assets, quotedShares, quotedFee, rate);
        uint256 shares = pool.deposit{value: assets}(alice, quotedShares);

        assertEq(shares, quotedShares);
        assertEq(token.balanceOf(alice), quotedShares);
    }

    /// @dev The fee is never less than the exact fraction, and at most one wei above it.
    function testFuzz_quoteDeposit_feeRoundsTowardPool_succeeds(uint256 assets, uint256 rate, uint256 feeBps) public {
        uint16 fee16;
        (assets, rate, fee16) = _fuzzSetup(assets, rate, feeBps);
        (, uint256 fee) = pool.quoteDeposit(assets);

        assertGe(fee * BPS, assets * fee16, "fee rounded against the pool");
        assertLt(fee * BPS, assets * fee16 + BPS, "fee over one wei above exact");
        assertLe(fee, assets);
    }

    /// @dev No free mint: shares are worth at most the ETH left after the fee, at the rate used,
    ///      and one more share would be worth more (shares round down, not further).
    function testFuzz_deposit_noFreeMint_succeeds(uint256 assets, uint256 rate, uint256 feeBps) public {
        (assets, rate,) = _fuzzSetup(assets, rate, feeBps);
        (uint256 quotedShares, uint256 fee) = pool.quoteDeposit(assets);
        vm.assume(quotedShares > 0);

        vm.prank(alice);
        uint256 shares = pool.deposit{value: assets}(alice, 0);

        assertLe(shares * rate, (assets - fee) * 1e18, "shares worth more than the net ETH");
        assertLe(Math.mulDiv(shares, rate, 1e18), assets, "shares worth more than the ETH paid");
        assertGt((shares + 1) * rate, (assets - fee) * 1e18, "shares rounded down by more than one");
    }
}
