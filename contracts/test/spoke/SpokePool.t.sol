// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {OAppReceiver} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OAppReceiver.sol";

import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {RateReceiver} from "../../src/spoke/RateReceiver.sol";
import {TrETHOFT} from "../../src/spoke/TrETHOFT.sol";
import {Guardian} from "../../src/shared/access/Guardian.sol";
import {ISpokePool} from "../../src/shared/interfaces/ISpokePool.sol";
import {ISpokeBridgeAdapter} from "../../src/shared/interfaces/ISpokeBridgeAdapter.sol";
import {BatchMessage} from "../../src/shared/libraries/BatchMessage.sol";
import {GasMath} from "../utils/GasMath.sol";
import {SpokeBase} from "./SpokeBase.sol";

contract SpokePoolTest is SpokeBase {
    /// @dev Product bar: a first spoke deposit, as a whole transaction.
    uint256 internal constant SPOKE_DEPOSIT_GAS_BAR = 70_000;
    uint256 internal constant RATE = 1.07e18;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant UNIT = 1e12;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    uint64 internal rateSequence;
    uint256 internal bobShares;

    function setUp() public override {
        super.setUp();
        vm.deal(alice, 1_000 ether);
        vm.deal(bob, 1_000 ether);
        _pushFreshRate(RATE);
        // Another depositor already minted, so the token's supply slot is not empty.
        vm.prank(bob);
        bobShares = pool.deposit{value: 1 ether}(bob, 0);
    }

    function _pushFreshRate(uint256 rate) internal {
        _pushRate(rate, uint64(block.timestamp), ++rateSequence);
    }

    /// @dev Serves any rate to the pool directly, past the receiver's bounds: the pool's arithmetic
    ///      is under test, not the receiver's clamping.
    function _cacheRate(uint256 rate, uint64 reportTime) internal {
        vm.prank(address(receiver));
        pool.onRateUpdate(rate, reportTime);
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

    function _units(uint256 shares) internal pure returns (uint256) {
        return Math.ceilDiv(shares, UNIT);
    }

    function _setCaps(uint256 mintCap, uint32 period, uint256 maxPending) internal {
        vm.startPrank(owner);
        pool.setMintCap(mintCap, period);
        pool.setMaxPendingShares(maxPending);
        vm.stopPrank();
    }

    /// @dev The largest caps the packed storage holds: only the arithmetic limits minting.
    function _setMaxCaps() internal {
        _setCaps(uint256(type(uint56).max) * UNIT, MINT_PERIOD, uint256(type(uint40).max) * UNIT);
    }

    // ------------------------------------------------------------------ constructor

    function test_constructor_setsState_succeeds() public {
        vm.expectEmit();
        emit ISpokePool.FeeUpdated(25);
        vm.expectEmit();
        emit ISpokePool.MaxRateAgeUpdated(2 hours);
        vm.expectEmit();
        emit ISpokePool.MintCapUpdated(300 ether, 6 hours);
        vm.expectEmit();
        emit ISpokePool.MaxPendingSharesUpdated(100 ether);
        SpokePool fresh = new SpokePool(
            token,
            address(receiver),
            address(endpoint),
            HUB_EID,
            owner,
            SpokePool.Limits(25, 2 hours, 300 ether, 6 hours, 100 ether)
        );

        assertEq(address(fresh.trETH()), address(token));
        assertEq(fresh.rateReceiver(), address(receiver));
        assertEq(fresh.hubEid(), HUB_EID);
        assertEq(fresh.owner(), owner);
        assertEq(address(fresh.endpoint()), address(endpoint));
        assertEq(fresh.feeBps(), 25);
        assertEq(fresh.maxRateAge(), 2 hours);
        assertEq(fresh.mintCap(), 300 ether);
        assertEq(fresh.mintPeriod(), 6 hours);
        assertEq(fresh.mintCapRemaining(), 300 ether);
        assertEq(fresh.maxPendingShares(), 100 ether);
        assertEq(fresh.MAX_FEE_BPS(), 100);
        assertEq(fresh.MSG_BATCH(), 1);
        assertFalse(fresh.paused());
        assertEq(fresh.rate(), 0, "no rate until the receiver pushes one");
        assertEq(fresh.lastBatchId(), 0);
        assertEq(fresh.lastSyncTime(), 0);
        assertEq(address(fresh.bridgeAdapter()), address(0));
    }

    function test_constructor_feeTooHigh_reverts() public {
        SpokePool.Limits memory limits = _limits();
        limits.feeBps = 101;
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_FeeTooHigh.selector, uint16(101), uint16(100)));
        new SpokePool(token, address(receiver), address(endpoint), HUB_EID, owner, limits);
    }

    function test_constructor_zeroMintPeriod_reverts() public {
        SpokePool.Limits memory limits = _limits();
        limits.mintPeriod = 0;
        vm.expectRevert(ISpokePool.SpokePool_InvalidLimit.selector);
        new SpokePool(token, address(receiver), address(endpoint), HUB_EID, owner, limits);
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
        (uint256 pendingShares, uint256 pendingAssets) = pool.pending();
        assertEq(pendingShares, bobShares + shares);
        assertEq(pendingAssets, 3 ether);
        assertEq(pool.mintCapRemaining(), MINT_CAP - (_units(bobShares) + _units(shares)) * UNIT);
    }

    /// @dev The measured call is the test's first touch of the pool and token (cold storage, as in a
    ///      real transaction); minShares is computed off-contract for that reason.
    function test_deposit_newUser_succeeds() public {
        (uint256 minShares,) = _expected(1 ether, RATE, FEE_BPS);

        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, minShares);
        uint256 used = vm.snapshotGasLastCall("SpokePool", "deposit_newUser");

        assertEq(token.balanceOf(alice), minShares);
        uint256 txGas = GasMath.txGas(used, abi.encodeCall(SpokePool.deposit, (alice, minShares)));
        vm.snapshotValue("SpokePool", "deposit_newUser_txGas", txGas);
        assertLe(txGas, SPOKE_DEPOSIT_GAS_BAR, "first spoke deposit over the gas bar");
    }

    /// @dev The first deposit after a period ended opens the next one, with the full cap.
    function test_deposit_newPeriod_succeeds() public {
        vm.warp(block.timestamp + MINT_PERIOD);
        _pushFreshRate(RATE);
        vm.prank(alice);
        uint256 shares = pool.deposit{value: 1 ether}(alice, 0);
        assertEq(pool.mintCapRemaining(), MINT_CAP - _units(shares) * UNIT, "a new period started");
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
        SpokePool fresh = _newPool(address(_newReceiver()));

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

        vm.expectRevert(ISpokePool.SpokePool_Paused.selector);
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

    /// @dev A quote answers as the deposit would: a zero deposit is refused, not quoted as zero.
    function test_quoteDeposit_zeroAssets_reverts() public {
        vm.expectRevert(ISpokePool.SpokePool_ZeroDeposit.selector);
        pool.quoteDeposit(0);
    }

    function test_quoteDeposit_staleRate_reverts() public {
        vm.warp(block.timestamp + MAX_RATE_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ISpokePool.SpokePool_StaleRate.selector, uint256(MAX_RATE_AGE) + 1, MAX_RATE_AGE)
        );
        pool.quoteDeposit(1 ether);
    }

    function test_quoteDeposit_noRate_reverts() public {
        SpokePool fresh = _newPool(address(_newReceiver()));
        vm.expectRevert(ISpokePool.SpokePool_NoRate.selector);
        fresh.quoteDeposit(1 ether);
    }

    function test_quoteDeposit_paused_reverts() public {
        vm.prank(owner);
        pool.pause();
        vm.expectRevert(ISpokePool.SpokePool_Paused.selector);
        pool.quoteDeposit(1 ether);
    }

    function test_quoteDeposit_overMintCap_reverts() public {
        _setCaps(2 ether, MINT_PERIOD, MAX_PENDING);
        uint256 remaining = 2 ether - _units(bobShares) * UNIT;
        (uint256 shares,) = _expected(2 ether, RATE, FEE_BPS);
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_MintCapExceeded.selector, shares, remaining));
        pool.quoteDeposit(2 ether);
    }

    // ------------------------------------------------------------------ rate push

    function test_onRateUpdate_fromReceiver_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.RateCached(1.2e18, 1234);
        _cacheRate(1.2e18, 1234);

        assertEq(pool.rate(), 1.2e18);
        (uint256 rate, uint256 updatedAt) = pool.rateAndUpdatedAt();
        assertEq(rate, 1.2e18);
        assertEq(updatedAt, 1234);
        // The config sharing the word is untouched.
        assertEq(pool.maxRateAge(), MAX_RATE_AGE);
        assertEq(pool.mintCap(), MINT_CAP);
        assertEq(pool.mintPeriod(), MINT_PERIOD);
    }

    /// @dev Through the real receiver: every accepted rate reaches the pool's copy.
    function test_onRateUpdate_pushedByReceiver_succeeds() public {
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(address(pool));
        emit ISpokePool.RateCached(1.0702e18, uint64(block.timestamp));
        _pushFreshRate(1.0702e18);
        (uint256 rate, uint256 updatedAt) = pool.rateAndUpdatedAt();
        (uint256 receiverRate, uint256 receiverTime) = receiver.rateAndUpdatedAt();
        assertEq(rate, receiverRate);
        assertEq(updatedAt, receiverTime);
    }

    /// @dev Whoever is not the receiver cannot set the rate the pool mints at.
    function test_onRateUpdate_notRateReceiver_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_NotRateReceiver.selector, attacker));
        vm.prank(attacker);
        pool.onRateUpdate(1, uint64(block.timestamp));
        assertEq(pool.rate(), RATE);
    }

    /// @dev The receiver stores rates up to 2^128; the pool's field holds 2^96. A larger rate must
    ///      leave no usable rate, never a truncated (tiny, share-printing) one.
    function test_onRateUpdate_rateAboveUint96_clearsRate_succeeds() public {
        uint256 huge = uint256(type(uint96).max) + 1;
        vm.expectEmit(address(pool));
        emit ISpokePool.RateCached(0, 0);
        _cacheRate(huge, uint64(block.timestamp));

        assertEq(pool.rate(), 0);
        vm.expectRevert(ISpokePool.SpokePool_NoRate.selector);
        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, 0);
    }

    function test_onRateUpdate_maxUint96_succeeds() public {
        _cacheRate(type(uint96).max, uint64(block.timestamp));
        assertEq(pool.rate(), type(uint96).max);
    }

    /// @dev The same through the real receiver, whose first update is stored as sent.
    function test_onRateUpdate_receiverRateAboveUint96_clearsRate_succeeds() public {
        RateReceiver freshReceiver = _newReceiver();
        SpokePool fresh = _newPool(address(freshReceiver));
        vm.startPrank(owner);
        freshReceiver.setPeer(HUB_EID, _b32(hubBroadcaster));
        freshReceiver.setRateConsumer(address(fresh));
        vm.stopPrank();
        Origin memory origin = Origin(HUB_EID, _b32(hubBroadcaster), 1);
        vm.prank(address(endpoint));
        freshReceiver.lzReceive(
            origin,
            bytes32(0),
            abi.encode(uint256(type(uint96).max) + 1, uint64(block.timestamp), uint64(1)),
            executor,
            ""
        );

        assertEq(freshReceiver.getRate(), uint256(type(uint96).max) + 1);
        assertEq(fresh.rate(), 0);
        vm.expectRevert(ISpokePool.SpokePool_NoRate.selector);
        fresh.quoteDeposit(1 ether);
    }

    function test_onRateUpdate_reportTimeAboveUint40_clearsRate_succeeds() public {
        _cacheRate(RATE, uint64(type(uint40).max) + 1);
        assertEq(pool.rate(), 0);
        vm.expectRevert(ISpokePool.SpokePool_NoRate.selector);
        pool.quoteDeposit(1 ether);
    }

    // ------------------------------------------------------------------ mint cap

    function test_deposit_overMintCap_reverts() public {
        _setCaps(10 ether, MINT_PERIOD, MAX_PENDING);
        uint256 remaining = 10 ether - _units(bobShares) * UNIT;
        (uint256 shares,) = _expected(10 ether, RATE, FEE_BPS);
        assertGt(shares, remaining);

        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_MintCapExceeded.selector, shares, remaining));
        vm.prank(alice);
        pool.deposit{value: 10 ether}(alice, 0);
    }

    /// @dev Minting exactly the remaining room is allowed; one more wei of shares is not.
    function test_deposit_exactlyMintCap_succeeds() public {
        vm.prank(owner);
        pool.setFee(0);
        _cacheRate(1e18, uint64(block.timestamp));
        uint256 cap = _units(bobShares) * UNIT + 5 ether;
        _setCaps(cap, MINT_PERIOD, MAX_PENDING);

        vm.prank(alice);
        assertEq(pool.deposit{value: 5 ether}(alice, 0), 5 ether);
        assertEq(pool.mintCapRemaining(), 0);

        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_MintCapExceeded.selector, uint256(1 ether), 0));
        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, 0);
    }

    function test_deposit_mintCapResetsAfterPeriod_succeeds() public {
        _setCaps(10 ether, MINT_PERIOD, MAX_PENDING);
        vm.prank(alice);
        pool.deposit{value: 8 ether}(alice, 0);
        vm.expectRevert();
        vm.prank(alice);
        pool.deposit{value: 5 ether}(alice, 0);

        // The period runs from bob's deposit in setUp; one second short of its end, still capped.
        vm.warp(block.timestamp + MINT_PERIOD - 1);
        _pushFreshRate(RATE);
        vm.expectRevert();
        vm.prank(alice);
        pool.deposit{value: 5 ether}(alice, 0);

        vm.warp(block.timestamp + 1);
        assertEq(pool.mintCapRemaining(), 10 ether, "the full cap once the period ended");
        vm.prank(alice);
        uint256 shares = pool.deposit{value: 5 ether}(alice, 0);
        assertEq(pool.mintCapRemaining(), 10 ether - _units(shares) * UNIT);
    }

    /// @dev A period starts at the first deposit after the previous one ended, not on a fixed grid.
    function test_deposit_periodStartsAtFirstDeposit_succeeds() public {
        _setCaps(10 ether, MINT_PERIOD, MAX_PENDING);
        vm.warp(block.timestamp + MINT_PERIOD + 5 hours);
        _pushFreshRate(RATE);
        vm.prank(alice);
        uint256 shares = pool.deposit{value: 9 ether}(alice, 0);

        // 20 hours later the period begun 5 hours "late" still runs.
        vm.warp(block.timestamp + 20 hours);
        assertEq(pool.mintCapRemaining(), 10 ether - _units(shares) * UNIT);
        vm.warp(block.timestamp + 4 hours);
        assertEq(pool.mintCapRemaining(), 10 ether);
    }

    function test_setMintCap_lowerMidPeriod_keepsMinted_succeeds() public {
        vm.prank(alice);
        uint256 shares = pool.deposit{value: 10 ether}(alice, 0);
        uint256 minted = (_units(bobShares) + _units(shares)) * UNIT;

        vm.expectEmit(address(pool));
        emit ISpokePool.MintCapUpdated(5 ether, MINT_PERIOD);
        vm.prank(owner);
        pool.setMintCap(5 ether, MINT_PERIOD);
        assertLt(5 ether, minted);
        assertEq(pool.mintCapRemaining(), 0, "what was minted still counts");

        (uint256 next,) = _expected(0.1 ether, RATE, FEE_BPS);
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_MintCapExceeded.selector, next, 0));
        vm.prank(alice);
        pool.deposit{value: 0.1 ether}(alice, 0);

        // Raised again, the room is the new cap minus what this period already minted.
        vm.prank(owner);
        pool.setMintCap(20 ether, MINT_PERIOD);
        assertEq(pool.mintCapRemaining(), 20 ether - minted);
    }

    /// @dev A cap of zero stops minting (fail closed), and the error says so.
    function test_setMintCap_zero_stopsMinting_succeeds() public {
        _setCaps(0, MINT_PERIOD, MAX_PENDING);
        (uint256 shares,) = _expected(1 ether, RATE, FEE_BPS);
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_MintCapExceeded.selector, shares, 0));
        pool.quoteDeposit(1 ether);
    }

    function test_setMintCap_notMultipleOfUnit_reverts() public {
        vm.expectRevert(ISpokePool.SpokePool_InvalidLimit.selector);
        vm.prank(owner);
        pool.setMintCap(1 ether + 1, MINT_PERIOD);
    }

    function test_setMintCap_tooLarge_reverts() public {
        vm.expectRevert(ISpokePool.SpokePool_InvalidLimit.selector);
        vm.prank(owner);
        pool.setMintCap((uint256(type(uint56).max) + 1) * UNIT, MINT_PERIOD);
    }

    function test_setMintCap_zeroPeriod_reverts() public {
        vm.expectRevert(ISpokePool.SpokePool_InvalidLimit.selector);
        vm.prank(owner);
        pool.setMintCap(MINT_CAP, 0);
    }

    function test_setMintCap_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        pool.setMintCap(MINT_CAP * 2, MINT_PERIOD);
    }

    // ------------------------------------------------------------------ pending (unbatched) cap

    function test_deposit_overPendingCap_reverts() public {
        _setCaps(MINT_CAP, MINT_PERIOD, 3 ether);
        vm.prank(alice);
        uint256 shares = pool.deposit{value: 1 ether}(alice, 0);
        uint256 remaining = 3 ether - bobShares - shares;

        (uint256 next,) = _expected(2 ether, RATE, FEE_BPS);
        assertGt(next, remaining);
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_PendingCapExceeded.selector, next, remaining));
        vm.prank(alice);
        pool.deposit{value: 2 ether}(alice, 0);
    }

    /// @dev Lowered under what is pending, nothing more is minted until a batch leaves.
    function test_setMaxPendingShares_belowPending_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.MaxPendingSharesUpdated(0);
        vm.prank(owner);
        pool.setMaxPendingShares(0);
        assertEq(pool.maxPendingShares(), 0);

        (uint256 shares,) = _expected(1 ether, RATE, FEE_BPS);
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_PendingCapExceeded.selector, shares, 0));
        pool.quoteDeposit(1 ether);
    }

    function test_setMaxPendingShares_invalid_reverts() public {
        vm.startPrank(owner);
        vm.expectRevert(ISpokePool.SpokePool_InvalidLimit.selector);
        pool.setMaxPendingShares(1);
        vm.expectRevert(ISpokePool.SpokePool_InvalidLimit.selector);
        pool.setMaxPendingShares((uint256(type(uint40).max) + 1) * UNIT);
        vm.stopPrank();
    }

    function test_setMaxPendingShares_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        pool.setMaxPendingShares(MAX_PENDING * 2);
    }

    // ------------------------------------------------------------------ setFee / setMaxRateAge

    function test_setFee_owner_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.FeeUpdated(100);
        vm.prank(owner);
        pool.setFee(100);
        assertEq(pool.feeBps(), 100);
        assertEq(pool.maxPendingShares(), MAX_PENDING, "neighbouring fields untouched");
        assertFalse(pool.paused());

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

    function test_setMaxRateAge_owner_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.MaxRateAgeUpdated(1 hours);
        vm.prank(owner);
        pool.setMaxRateAge(1 hours);
        assertEq(pool.maxRateAge(), 1 hours);
        assertEq(pool.rate(), RATE, "the cached rate sharing the word is untouched");

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
        emit ISpokePool.Paused(owner);
        vm.prank(owner);
        pool.pause();
        assertTrue(pool.paused());
        assertEq(pool.feeBps(), FEE_BPS, "neighbouring fields untouched");
    }

    function test_pause_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Guardian.Guardian_NotGuardianOrOwner.selector, attacker));
        vm.prank(attacker);
        pool.pause();
    }

    function test_pause_guardian_succeeds() public {
        address guardian = makeAddr("guardian");
        vm.expectEmit(address(pool));
        emit Guardian.GuardianUpdated(guardian);
        vm.prank(owner);
        pool.setGuardian(guardian);
        vm.prank(guardian);
        pool.pause();
        assertTrue(pool.paused());
    }

    /// The guardian stops deposits at once; only the owner (the timelock) may restart them.
    function test_unpause_guardian_reverts() public {
        address guardian = makeAddr("guardian");
        vm.prank(owner);
        pool.setGuardian(guardian);
        vm.prank(guardian);
        pool.pause();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        pool.unpause();
    }

    function test_setGuardian_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        pool.setGuardian(attacker);
    }

    function test_pause_alreadyPaused_reverts() public {
        vm.startPrank(owner);
        pool.pause();
        vm.expectRevert(ISpokePool.SpokePool_Paused.selector);
        pool.pause();
        vm.stopPrank();
    }

    function test_unpause_owner_succeeds() public {
        vm.startPrank(owner);
        pool.pause();
        vm.expectEmit(address(pool));
        emit ISpokePool.Unpaused(owner);
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
        vm.expectRevert(ISpokePool.SpokePool_NotPaused.selector);
        vm.prank(owner);
        pool.unpause();
    }

    // ------------------------------------------------------------------ HALT from the hub

    function _hubMessage(bytes memory message, address sender) internal {
        Origin memory origin = Origin(HUB_EID, _b32(sender), 1);
        vm.prank(address(endpoint));
        pool.lzReceive(origin, keccak256("guid"), message, executor, "");
    }

    function test_lzReceive_haltFromHubPeer_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.Paused(address(endpoint));
        vm.expectEmit(address(pool));
        emit ISpokePool.HaltedByHub(42 ether);
        _hubMessage(BatchMessage.encodeHalt(42 ether), hubLedger);

        assertTrue(pool.paused());
        vm.expectRevert(ISpokePool.SpokePool_Paused.selector);
        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, 0);

        // Only the owner lifts a hub halt.
        vm.prank(owner);
        pool.unpause();
        vm.prank(alice);
        assertGt(pool.deposit{value: 1 ether}(alice, 0), 0);
    }

    /// @dev A second HALT while paused is recorded but changes nothing.
    function test_lzReceive_haltWhilePaused_succeeds() public {
        vm.prank(owner);
        pool.pause();
        vm.recordLogs();
        _hubMessage(BatchMessage.encodeHalt(1), hubLedger);
        assertEq(vm.getRecordedLogs().length, 1, "HaltedByHub only, no second Paused");
        assertTrue(pool.paused());
    }

    /// @dev Only the hub ledger may halt the pool: the OApp refuses any other sender.
    function test_lzReceive_forgedPeer_reverts() public {
        Origin memory forged = Origin(HUB_EID, _b32(attacker), 1);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.OnlyPeer.selector, HUB_EID, _b32(attacker)));
        vm.prank(address(endpoint));
        pool.lzReceive(forged, bytes32(0), BatchMessage.encodeHalt(1), executor, "");
        assertFalse(pool.paused());
    }

    function test_lzReceive_otherChain_reverts() public {
        Origin memory origin = Origin(SPOKE_EID, _b32(hubLedger), 1);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.NoPeer.selector, SPOKE_EID));
        vm.prank(address(endpoint));
        pool.lzReceive(origin, bytes32(0), BatchMessage.encodeHalt(1), executor, "");
    }

    function test_lzReceive_notEndpoint_reverts() public {
        Origin memory origin = Origin(HUB_EID, _b32(hubLedger), 1);
        vm.expectRevert(abi.encodeWithSelector(OAppReceiver.OnlyEndpoint.selector, attacker));
        vm.prank(attacker);
        pool.lzReceive(origin, bytes32(0), BatchMessage.encodeHalt(1), executor, "");
    }

    /// @dev The hub sends HALT only; a BATCH (or anything else) arriving here is a bug, refused loudly.
    function test_lzReceive_batchMessage_reverts() public {
        bytes memory batch = BatchMessage.encodeBatch(BatchMessage.Batch(1, 1 ether, 1 ether, 1 ether));
        vm.expectRevert(abi.encodeWithSelector(ISpokePool.SpokePool_InvalidMessage.selector, uint8(1)));
        _hubMessage(batch, hubLedger);
        assertFalse(pool.paused());
    }

    // ------------------------------------------------------------------ ownership

    /// @dev Ownership moves in two steps, so a typo cannot hand the pool to nobody.
    function test_transferOwnership_twoStep_succeeds() public {
        address newOwner = makeAddr("newOwner");
        vm.prank(owner);
        pool.transferOwnership(newOwner);
        assertEq(pool.owner(), owner);
        assertEq(pool.pendingOwner(), newOwner);

        vm.prank(newOwner);
        pool.acceptOwnership();
        assertEq(pool.owner(), newOwner);
    }

    function test_setBridgeAdapter_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        pool.setBridgeAdapter(ISpokeBridgeAdapter(attacker));
    }

    // ------------------------------------------------------------------ fuzz: money paths

    function _fuzzSetup(uint256 assets, uint256 rate, uint256 feeBps)
        internal
        returns (uint256 boundedAssets, uint256 boundedRate, uint16 boundedFee)
    {
        // Within the largest pending cap (2^40 units, about 1.1M trETH) the caps never bind.
        boundedAssets = bound(assets, 1, 1_000 ether);
        boundedRate = bound(rate, 1e15, type(uint96).max);
        boundedFee = uint16(bound(feeBps, 0, pool.MAX_FEE_BPS()));
        vm.prank(owner);
        pool.setFee(boundedFee);
        _cacheRate(boundedRate, uint64(block.timestamp));
        _setMaxCaps();
        vm.deal(alice, boundedAssets);
    }

    /// @dev What a wallet shows is what the user gets: the quote equals the deposit exactly, or
    ///      both refuse with the same error, whatever the configuration and state.
    function testFuzz_quoteDeposit_matchesDeposit_succeeds(
        uint256 assets,
        uint256 rate,
        uint256 feeBps,
        uint256 mintCapUnits,
        uint256 maxPendingUnits,
        uint256 priorDeposit,
        uint256 age,
        bool paused
    ) public {
        assets = bound(assets, 0, 1e6 ether);
        rate = bound(rate, 0, uint256(type(uint96).max) * 2);
        vm.startPrank(owner);
        pool.setFee(uint16(bound(feeBps, 0, pool.MAX_FEE_BPS())));
        pool.setMintCap(bound(mintCapUnits, 0, type(uint56).max) * UNIT, MINT_PERIOD);
        pool.setMaxPendingShares(bound(maxPendingUnits, 0, type(uint40).max) * UNIT);
        vm.stopPrank();
        vm.deal(alice, assets + 200 ether);
        // Some state first: a prior deposit within the caps (it may fail; the pool then has less).
        vm.prank(alice);
        try pool.deposit{value: bound(priorDeposit, 0, 100 ether)}(alice, 0) {} catch {}
        _cacheRate(rate, uint64(block.timestamp));
        vm.warp(block.timestamp + bound(age, 0, MAX_RATE_AGE * 2));
        if (paused) {
            vm.prank(owner);
            pool.pause();
        }

        uint256 cached = pool.rate();
        try pool.quoteDeposit(assets) returns (uint256 quotedShares, uint256 quotedFee) {
            vm.expectEmit(address(pool));
            emit ISpokePool.Deposited(alice, alice, assets, quotedShares, quotedFee, cached);
            vm.prank(alice);
            uint256 shares = pool.deposit{value: assets}(alice, quotedShares);
            assertEq(shares, quotedShares);
        } catch (bytes memory err) {
            vm.expectRevert(err);
            vm.prank(alice);
            pool.deposit{value: assets}(alice, 0);
        }
    }

    /// @dev The fee is never less than the exact fraction, and at most one wei above it.
    function testFuzz_quoteDeposit_feeRoundsTowardPool_succeeds(uint256 assets, uint256 rate, uint256 feeBps) public {
        uint16 fee16;
        (assets, rate, fee16) = _fuzzSetup(assets, rate, feeBps);
        (uint256 shares, uint256 fee) = _expected(assets, rate, fee16);
        vm.assume(shares > 0);
        (, fee) = pool.quoteDeposit(assets);

        assertGe(fee * BPS, assets * fee16, "fee rounded against the pool");
        assertLt(fee * BPS, assets * fee16 + BPS, "fee over one wei above exact");
        assertLe(fee, assets);
    }

    /// @dev No free mint: shares are worth at most the ETH left after the fee, at the rate used,
    ///      and one more share would be worth more (shares round down, not further).
    function testFuzz_deposit_noFreeMint_succeeds(uint256 assets, uint256 rate, uint256 feeBps) public {
        (assets, rate,) = _fuzzSetup(assets, rate, feeBps);
        (uint256 expectedShares,) = _expected(assets, rate, pool.feeBps());
        vm.assume(expectedShares > 0);
        (, uint256 fee) = pool.quoteDeposit(assets);

        vm.prank(alice);
        uint256 shares = pool.deposit{value: assets}(alice, 0);

        assertEq(shares, expectedShares);
        assertLe(shares * rate, (assets - fee) * 1e18, "shares worth more than the net ETH");
        assertLe(Math.mulDiv(shares, rate, 1e18), assets, "shares worth more than the ETH paid");
        assertGt((shares + 1) * rate, (assets - fee) * 1e18, "shares rounded down by more than one");
    }

    /// @dev However deposits split, a period never mints over its cap, and the pending count is
    ///      exactly what was minted since the last batch.
    function testFuzz_deposit_capsHold_succeeds(uint256[8] memory amounts, uint256 capUnits, uint256 pendingUnits)
        public
    {
        uint256 cap = bound(capUnits, 1, 20e6) * UNIT;
        uint256 maxPending = bound(pendingUnits, bobShares / UNIT + 1, 20e6) * UNIT;
        uint256 mintedBefore = MINT_CAP - pool.mintCapRemaining();
        _setCaps(cap, MINT_PERIOD, maxPending);
        uint256 minted = bobShares;
        for (uint256 i; i < amounts.length; ++i) {
            vm.prank(alice);
            try pool.deposit{value: bound(amounts[i], 1, 30 ether)}(alice, 0) returns (uint256 shares) {
                minted += shares;
            } catch {}
        }
        (uint256 pendingShares, uint256 pendingAssets) = pool.pending();
        assertEq(pendingShares, minted, "pending != minted since last batch");
        assertEq(token.totalSupply(), minted);
        assertEq(pendingAssets, address(pool).balance);
        // Counted in units rounded up, so the cap binds on at least the true amount.
        assertLe(minted - bobShares, cap > mintedBefore ? cap - mintedBefore : 0, "period minted over its cap");
        assertLe(pendingShares, maxPending, "pending over its cap");
    }
}
