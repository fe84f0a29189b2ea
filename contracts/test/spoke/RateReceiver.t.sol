// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {OAppReceiver} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OAppReceiver.sol";

import {Vm} from "forge-std/Vm.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {RateReceiver} from "../../src/spoke/RateReceiver.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {IRateReceiver} from "../../src/shared/interfaces/IRateReceiver.sol";
import {RateMessage} from "../../src/shared/libraries/RateMessage.sol";
import {ISpokePool} from "../../src/shared/interfaces/ISpokePool.sol";
import {SpokeBase} from "./SpokeBase.sol";
import {RevertingConsumer, GasBurningConsumer} from "./doubles/RateConsumers.sol";

contract RateReceiverTest is SpokeBase {
    uint64 internal constant T0 = 1_750_000_000;

    function _assertStored(uint256 rate, uint64 reportTime, uint64 sequence) internal view {
        assertEq(receiver.getRate(), rate, "rate");
        assertEq(receiver.lastUpdated(), reportTime, "reportTime");
        assertEq(receiver.sequence(), sequence, "sequence");
        (uint256 r, uint256 updatedAt) = receiver.rateAndUpdatedAt();
        assertEq(r, rate);
        assertEq(updatedAt, reportTime);
    }

    // ------------------------------------------------------------------ constructor and metadata

    function test_constructor_setsOwnerAndEndpoint_succeeds() public view {
        assertEq(receiver.owner(), owner);
        assertEq(address(receiver.endpoint()), address(endpoint));
        assertEq(endpoint.delegates(address(receiver)), owner, "owner is the endpoint delegate");
        assertEq(receiver.peers(HUB_EID), _b32(hubBroadcaster));
    }

    function test_decimals_eighteen_succeeds() public view {
        assertEq(receiver.decimals(), 18);
    }

    function test_description_constant_succeeds() public view {
        assertEq(receiver.description(), "trETH / ETH exchange rate");
    }

    function test_version_constant_succeeds() public view {
        assertEq(receiver.version(), 1);
    }

    // ------------------------------------------------------------------ reads before the first rate

    function test_getRate_beforeFirstUpdate_reverts() public {
        vm.expectRevert(IRateReceiver.RateReceiver_NoRate.selector);
        receiver.getRate();
    }

    function test_latestRoundData_beforeFirstUpdate_reverts() public {
        vm.expectRevert(IRateReceiver.RateReceiver_NoRate.selector);
        receiver.latestRoundData();
    }

    function test_rateAndUpdatedAt_beforeFirstUpdate_succeeds() public view {
        (uint256 rate, uint256 updatedAt) = receiver.rateAndUpdatedAt();
        assertEq(rate, 0);
        assertEq(updatedAt, 0);
        assertEq(receiver.lastUpdated(), 0);
        assertEq(receiver.sequence(), 0);
    }

    // ------------------------------------------------------------------ lzReceive: accepted

    function test_lzReceive_newerSequence_succeeds() public {
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdated(1.05e18, T0, 1);
        _pushRate(1.05e18, T0, 1);
        _assertStored(1.05e18, T0, 1);

        // Within both caps: a day at 10% a year allows up to 1.05e18 * 0.1 / 365 = 2.87e14 of growth.
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdated(1.0502e18, T0 + 1 days, 2);
        _pushRate(1.0502e18, T0 + 1 days, 2);
        _assertStored(1.0502e18, T0 + 1 days, 2);
    }

    /// @dev The hub numbers broadcasts across all spokes, so one spoke sees gaps.
    function test_lzReceive_sequenceGap_succeeds() public {
        _pushRate(1.05e18, T0, 1);
        _pushRate(1.0502e18, T0 + 1 days, 9);
        _assertStored(1.0502e18, T0 + 1 days, 9);
    }

    function test_latestRoundData_afterUpdate_succeeds() public {
        _pushRate(1.05e18, T0, 4);
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            receiver.latestRoundData();
        assertEq(roundId, 4);
        assertEq(answer, 1.05e18);
        assertEq(startedAt, T0);
        assertEq(updatedAt, T0);
        assertEq(answeredInRound, 4);
    }

    /// @dev The feed never refuses an old rate itself: it keeps answering with the hub report time
    ///      as `updatedAt`, and each consumer applies its own age limit (the SpokePool's maxRateAge,
    ///      a lending market's heartbeat). A consumer that skips the check reads a month-old rate.
    function test_latestRoundData_oldRateStillServed_succeeds() public {
        _pushRate(1.05e18, T0, 1);
        vm.warp(uint256(T0) + 30 days);
        (, int256 answer,, uint256 updatedAt,) = receiver.latestRoundData();
        assertEq(answer, 1.05e18);
        assertEq(updatedAt, T0, "updatedAt is the report time, not the read time");
        assertEq(receiver.getRate(), 1.05e18);
        assertEq(receiver.lastUpdated(), T0);
    }

    // ------------------------------------------------------------------ Chainlink conformance

    function test_latestAnswer_beforeFirstUpdate_succeeds() public view {
        assertEq(receiver.latestAnswer(), 0, "no answer, as Chainlink's legacy interface says it");
        assertEq(receiver.latestTimestamp(), 0);
    }

    function test_latestAnswer_afterUpdate_succeeds() public {
        _pushRate(1.05e18, T0, 4);
        assertEq(receiver.latestAnswer(), 1.05e18);
        assertEq(receiver.latestTimestamp(), T0);
        (, int256 answer,, uint256 updatedAt,) = receiver.latestRoundData();
        assertEq(receiver.latestAnswer(), answer);
        assertEq(receiver.latestTimestamp(), updatedAt);
    }

    function test_getRoundData_currentRound_succeeds() public {
        _pushRate(1.05e18, T0, 4);
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound) =
            receiver.getRoundData(4);
        assertEq(roundId, 4);
        assertEq(answer, 1.05e18);
        assertEq(startedAt, T0);
        assertEq(updatedAt, T0);
        assertEq(answeredInRound, 4);
    }

    /// @dev Only the current round is kept: an earlier (or future) id is refused by name, never
    ///      answered with the current rate as if it were that round's.
    function test_getRoundData_otherRound_reverts() public {
        _pushRate(1.05e18, T0, 4);
        _pushRate(1.0502e18, T0 + 1 days, 7);
        vm.expectRevert(abi.encodeWithSelector(IRateReceiver.RateReceiver_RoundNotAvailable.selector, 4, 7));
        receiver.getRoundData(4);
        vm.expectRevert(abi.encodeWithSelector(IRateReceiver.RateReceiver_RoundNotAvailable.selector, 8, 7));
        receiver.getRoundData(8);
    }

    function test_getRoundData_beforeFirstUpdate_reverts() public {
        vm.expectRevert(IRateReceiver.RateReceiver_NoRate.selector);
        receiver.getRoundData(0);
    }

    // ------------------------------------------------------------------ lzReceive: ignored, never reverted

    function test_lzReceive_replayedSequenceIgnored_succeeds() public {
        _pushRate(1.05e18, T0, 3);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(2e18, T0 + 60, 3, 3);
        _pushRate(2e18, T0 + 60, 3);

        _assertStored(1.05e18, T0, 3);
    }

    function test_lzReceive_olderSequenceIgnored_succeeds() public {
        _pushRate(1.05e18, T0, 3);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(1.01e18, T0 - 60, 2, 3);
        _pushRate(1.01e18, T0 - 60, 2);

        _assertStored(1.05e18, T0, 3);
    }

    function test_lzReceive_zeroRateIgnored_succeeds() public {
        _pushRate(1.05e18, T0, 1);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(0, T0 + 60, 2, 1);
        _pushRate(0, T0 + 60, 2);

        _assertStored(1.05e18, T0, 1);
    }

    /// @dev The rate is stored in 128 bits; a larger value must not be truncated into a tiny one.
    function test_lzReceive_rateAboveUint128Ignored_succeeds() public {
        uint256 huge = uint256(type(uint128).max) + 1;

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(huge, T0, 1, 0);
        _pushRate(huge, T0, 1);

        assertEq(receiver.sequence(), 0);
        vm.expectRevert(IRateReceiver.RateReceiver_NoRate.selector);
        receiver.getRate();
    }

    // ------------------------------------------------------------------ lzReceive: authentication

    function test_lzReceive_forgedSender_reverts() public {
        Origin memory forged = Origin(HUB_EID, _b32(attacker), 1);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.OnlyPeer.selector, HUB_EID, _b32(attacker)));
        vm.prank(address(endpoint));
        receiver.lzReceive(forged, bytes32(0), RateMessage.encode(100e18, T0, 1), executor, "");

        assertEq(receiver.sequence(), 0);
    }

    function test_lzReceive_unknownSourceEid_reverts() public {
        Origin memory origin = Origin(99, _b32(hubBroadcaster), 1);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.NoPeer.selector, uint32(99)));
        vm.prank(address(endpoint));
        receiver.lzReceive(origin, bytes32(0), RateMessage.encode(100e18, T0, 1), executor, "");
    }

    function test_lzReceive_notEndpoint_reverts() public {
        Origin memory origin = Origin(HUB_EID, _b32(hubBroadcaster), 1);
        vm.expectRevert(abi.encodeWithSelector(OAppReceiver.OnlyEndpoint.selector, attacker));
        vm.prank(attacker);
        receiver.lzReceive(origin, bytes32(0), RateMessage.encode(100e18, T0, 1), executor, "");
    }

    /// @dev The endpoint asks this before accepting the first message on a path: only the hub peer.
    function test_allowInitializePath_peerOnly_succeeds() public view {
        assertTrue(receiver.allowInitializePath(Origin(HUB_EID, _b32(hubBroadcaster), 1)));
        assertFalse(receiver.allowInitializePath(Origin(HUB_EID, _b32(attacker), 1)));
        assertFalse(receiver.allowInitializePath(Origin(SPOKE_EID, _b32(hubBroadcaster), 1)));
    }

    // ------------------------------------------------------------------ rate consumer (push)

    function test_lzReceive_pushesToConsumer_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.RateCached(1.05e18, T0);
        _pushRate(1.05e18, T0, 1);
        (uint256 rate, uint256 updatedAt) = pool.rateAndUpdatedAt();
        assertEq(rate, 1.05e18);
        assertEq(updatedAt, T0);
    }

    /// @dev A fall beyond the bound: the pool caches the clamped floor, above the hub's rate (a
    ///      dearer mint is safe; the hub rate would be too, but the floor is what the spoke knows).
    function test_lzReceive_fallPushesClampedFloor_succeeds() public {
        _pushRate(1e18, T0, 1);
        _pushRate(0.8e18, T0 + 1, 2);
        assertEq(receiver.getRate(), 0.95e18);
        assertEq(pool.rate(), 0.95e18);
        assertEq(receiver.consumerRate(), 0.95e18);
    }

    /// @dev A rise beyond the clamp: integrators read the clamped rate, the pool prices at the hub's.
    function test_lzReceive_risePushesHubRate_succeeds() public {
        _pushRate(1e18, T0, 1);
        vm.expectEmit(address(pool));
        emit ISpokePool.RateCached(1.05e18, T0 + 1 days);
        _pushRate(1.05e18, T0 + 1 days, 2);
        assertLt(receiver.getRate(), 1.05e18, "clamped for integrators");
        (, int256 answer,,,) = receiver.latestRoundData();
        assertEq(uint256(answer), receiver.getRate());
        assertEq(pool.rate(), 1.05e18, "the pool prices at the hub rate");
        assertEq(receiver.consumerRate(), 1.05e18);

        // The next unclamped update goes back to one rate for both.
        _pushRate(receiver.getRate() + 1, T0 + 2 days, 3);
        assertEq(pool.rate(), receiver.getRate());
        assertEq(receiver.consumerRate(), receiver.getRate());
    }

    /// @dev The attack: after a hub jump the clamped spoke rate lags for days. Minting at it would
    ///      buy trETH below the hub price; the pool charges the hub rate plus the fee instead.
    function test_deposit_afterClampedRise_notBelowHubRate_succeeds() public {
        _pushRate(1e18, T0, 1);
        uint256 hubRate = 1.0125e18;
        _pushRate(hubRate, T0 + 7 days, 2);
        assertLt(receiver.getRate(), hubRate);

        vm.warp(T0 + 7 days);
        address minter = makeAddr("minter");
        vm.deal(minter, 100 ether);
        vm.prank(minter);
        uint256 shares = pool.deposit{value: 100 ether}(minter, 0);
        // Worth at most the ETH paid less the fee, at the hub's own rate.
        uint256 hubValue = shares * hubRate / 1e18;
        assertLe(hubValue, 100 ether - 100 ether * FEE_BPS / BPS);
        assertEq(shares, Math.mulDiv(100 ether - 100 ether * FEE_BPS / BPS, 1e18, hubRate));
    }

    /// @dev A repeat of the same hub report (same report time, newer sequence) grants the clamped
    ///      rate no growth, and still pushes the hub rate.
    function test_lzReceive_rebroadcastKeepsHubRate_succeeds() public {
        _pushRate(1e18, T0, 1);
        _pushRate(1.05e18, T0 + 1 days, 2);
        uint256 clamped = receiver.getRate();
        _pushRate(1.05e18, T0 + 1 days, 3);
        assertEq(receiver.getRate(), clamped);
        assertEq(pool.rate(), 1.05e18);
    }

    /// @dev A consumer set after a clamped rise gets the hub rate, not the clamped one.
    function test_setRateConsumer_afterClampedRise_pushesHubRate_succeeds() public {
        _pushRate(1e18, T0, 1);
        _pushRate(1.05e18, T0 + 1 days, 2);
        SpokePool fresh = _newPool(address(receiver));
        vm.prank(owner);
        receiver.setRateConsumer(address(fresh));
        assertEq(fresh.rate(), 1.05e18);
    }

    /// @dev Whatever the sequence of hub rates, the pool never holds a rate below the hub rate of the
    ///      last accepted update, and integrators never read one above it.
    function testFuzz_lzReceive_consumerRateNotBelowHub_succeeds(uint128[4] memory rates, uint32[4] memory gaps)
        public
    {
        uint64 time = T0;
        for (uint64 i; i < rates.length; ++i) {
            uint256 rate = bound(rates[i], 0.5e18, 2e18);
            time += uint64(bound(gaps[i], 0, 30 days));
            _pushRate(rate, time, i + 1);
            assertGe(pool.rate(), rate, "pool below hub");
            assertEq(pool.rate(), receiver.consumerRate());
            if (receiver.getRate() < rate) assertEq(pool.rate(), rate, "rise: hub rate");
            else assertEq(pool.rate(), receiver.getRate(), "fall or unclamped: the stored rate");
        }
    }

    /// @dev An ignored message pushes nothing.
    function test_lzReceive_ignoredNotPushed_succeeds() public {
        _pushRate(1.05e18, T0, 3);
        _pushRate(2e18, T0 + 60, 3);
        assertEq(pool.rate(), 1.05e18);
    }

    function test_setRateConsumer_pushesCurrentRate_succeeds() public {
        _pushRate(1.05e18, T0, 1);
        SpokePool fresh = _newPool(address(receiver));
        assertEq(fresh.rate(), 0);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateConsumerUpdated(address(fresh));
        vm.expectEmit(address(fresh));
        emit ISpokePool.RateCached(1.05e18, T0);
        vm.prank(owner);
        receiver.setRateConsumer(address(fresh));

        assertEq(receiver.rateConsumer(), address(fresh));
        assertEq(fresh.rate(), 1.05e18);
    }

    /// @dev Before the first rate there is nothing to push; setting the consumer just records it.
    function test_setRateConsumer_noRateYet_succeeds() public {
        RateReceiver fresh = _newReceiver();
        vm.recordLogs();
        vm.prank(owner);
        fresh.setRateConsumer(address(pool));
        assertEq(vm.getRecordedLogs().length, 1, "RateConsumerUpdated only");
        assertEq(fresh.rateConsumer(), address(pool));
    }

    function test_setRateConsumer_zeroStopsPushes_succeeds() public {
        _pushRate(1.05e18, T0, 1);
        vm.prank(owner);
        receiver.setRateConsumer(address(0));
        _pushRate(1.0502e18, T0 + 1 days, 2);
        assertEq(pool.rate(), 1.05e18, "no longer pushed");
        assertEq(receiver.getRate(), 1.0502e18);
    }

    function test_setRateConsumer_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        receiver.setRateConsumer(attacker);
    }

    /// @dev A consumer's bug must not block the rate path: the rate lands, the failure is logged.
    function test_lzReceive_revertingConsumer_succeeds() public {
        address broken = address(new RevertingConsumer());
        vm.prank(owner);
        receiver.setRateConsumer(broken);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdated(1.05e18, T0, 1);
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateConsumerFailed(broken, 1.05e18, T0);
        _pushRate(1.05e18, T0, 1);
        _assertStored(1.05e18, T0, 1);
    }

    /// @dev A consumer that burns everything it gets only burns its fixed allowance.
    function test_lzReceive_gasBurningConsumer_succeeds() public {
        address burner = address(new GasBurningConsumer());
        vm.prank(owner);
        receiver.setRateConsumer(burner);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateConsumerFailed(burner, 1.05e18, T0);
        Origin memory origin = _rateOrigin();
        vm.prank(address(endpoint));
        receiver.lzReceive{gas: 120_000}(origin, bytes32(0), RateMessage.encode(1.05e18, T0, 1), executor, "");
        _assertStored(1.05e18, T0, 1);
    }

    /// @dev A consumer address without code (a misconfiguration) does not block the rate path either.
    function test_lzReceive_consumerWithoutCode_succeeds() public {
        vm.prank(owner);
        receiver.setRateConsumer(makeAddr("eoa"));
        _pushRate(1.05e18, T0, 1);
        _assertStored(1.05e18, T0, 1);
    }

    /// @dev Anyone can execute a verified LayerZero message with the gas they choose. With too little
    ///      for the push, the receive reverts (the message stays retriable) instead of landing a rate
    ///      the pool never sees.
    function test_lzReceive_starvedPush_reverts() public {
        Origin memory origin = _rateOrigin();
        bytes memory message = RateMessage.encode(1.05e18, T0, 1);
        vm.prank(address(endpoint));
        (bool ok, bytes memory err) = address(receiver).call{gas: 60_000}(
            abi.encodeCall(receiver.lzReceive, (origin, bytes32(0), message, executor, ""))
        );
        assertFalse(ok);
        assertEq(bytes4(err), IRateReceiver.RateReceiver_InsufficientGas.selector);
        assertEq(receiver.sequence(), 0);
        assertEq(pool.rate(), 0);

        // Retried with enough gas, it lands on both.
        vm.prank(address(endpoint));
        receiver.lzReceive{gas: 120_000}(origin, bytes32(0), message, executor, "");
        assertEq(pool.rate(), 1.05e18);
    }

    // ------------------------------------------------------------------ setPeer

    function test_setPeer_owner_succeeds() public {
        address newBroadcaster = makeAddr("newBroadcaster");
        vm.expectEmit(address(receiver));
        emit IOAppCore.PeerSet(HUB_EID, _b32(newBroadcaster));
        vm.prank(owner);
        receiver.setPeer(HUB_EID, _b32(newBroadcaster));
        assertEq(receiver.peers(HUB_EID), _b32(newBroadcaster));
    }

    function test_setPeer_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        receiver.setPeer(HUB_EID, _b32(attacker));
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev Whatever order two messages arrive in, the one with the higher sequence wins, and the
    ///      other is dropped with an event rather than a revert.
    function testFuzz_lzReceive_keepsHighestSequence_succeeds(uint64 seqA, uint64 seqB, uint128 rateA, uint128 rateB)
        public
    {
        seqA = uint64(bound(seqA, 1, type(uint64).max));
        rateA = uint128(bound(rateA, 1, type(uint128).max));
        // A decrease within the per-update bound is applied as sent at any time, so only the
        // sequence decides here; clamping has its own tests.
        rateB = uint128(bound(rateB, rateA - uint256(rateA) * MAX_DECREASE_BPS / 10_000, rateA));

        _pushRate(rateA, T0, seqA);
        if (seqB > seqA) {
            vm.expectEmit(address(receiver));
            emit IRateReceiver.RateUpdated(rateB, T0 + 1, seqB);
            _pushRate(rateB, T0 + 1, seqB);
            _assertStored(rateB, T0 + 1, seqB);
        } else {
            vm.expectEmit(address(receiver));
            emit IRateReceiver.RateUpdateIgnored(rateB, T0 + 1, seqB, seqA);
            _pushRate(rateB, T0 + 1, seqB);
            _assertStored(rateA, T0, seqA);
        }
    }

    // ------------------------------------------------------------------ bounds

    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR = 365 days;

    /// @dev The clamp, written independently of the contract: the ceiling is the smaller of the
    ///      per-update and the pro-rated annual growth, the floor the per-update decrease.
    function _model(uint256 rate, uint256 previous, uint256 elapsed) internal pure returns (uint256) {
        uint256 perUpdate = previous * MAX_INCREASE_BPS / BPS;
        uint256 perTime = previous * MAX_ANNUAL_GROWTH_BPS * elapsed / (BPS * YEAR);
        uint256 ceiling = previous + Math.min(perUpdate, perTime);
        uint256 floor = previous - previous * MAX_DECREASE_BPS / BPS;
        return Math.max(floor, Math.min(ceiling, rate));
    }

    function _assertBounds(uint16 increaseBps, uint16 decreaseBps, uint16 annualBps) internal view {
        (uint16 i, uint16 d, uint16 a) = receiver.bounds();
        assertEq(i, increaseBps, "maxIncreaseBps");
        assertEq(d, decreaseBps, "maxDecreaseBps");
        assertEq(a, annualBps, "maxAnnualGrowthBps");
    }

    function test_constructor_setsBounds_succeeds() public {
        vm.expectEmit();
        emit IRateReceiver.RateBoundsUpdated(50, 300, 900);
        RateReceiver fresh = new RateReceiver(address(endpoint), owner, 50, 300, 900);
        (uint16 i, uint16 d, uint16 a) = fresh.bounds();
        assertEq(i, 50);
        assertEq(d, 300);
        assertEq(a, 900);
        _assertBounds(MAX_INCREASE_BPS, MAX_DECREASE_BPS, MAX_ANNUAL_GROWTH_BPS);
    }

    function test_constructor_invalidBounds_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IRateReceiver.RateReceiver_InvalidBounds.selector, 0, 500, 1000));
        new RateReceiver(address(endpoint), owner, 0, 500, 1000);
    }

    function test_setBounds_owner_succeeds() public {
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateBoundsUpdated(1_000, 5_000, 10_000);
        vm.prank(owner);
        receiver.setBounds(1_000, 5_000, 10_000);
        _assertBounds(1_000, 5_000, 10_000);
    }

    function test_setBounds_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, attacker));
        vm.prank(attacker);
        receiver.setBounds(1_000, 5_000, 10_000);
    }

    function test_setBounds_increaseAboveLimit_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IRateReceiver.RateReceiver_InvalidBounds.selector, 1_001, 500, 1_000));
        vm.prank(owner);
        receiver.setBounds(1_001, 500, 1_000);
    }

    function test_setBounds_decreaseAboveLimit_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IRateReceiver.RateReceiver_InvalidBounds.selector, 100, 5_001, 1_000));
        vm.prank(owner);
        receiver.setBounds(100, 5_001, 1_000);
    }

    function test_setBounds_annualAboveLimit_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IRateReceiver.RateReceiver_InvalidBounds.selector, 100, 500, 10_001));
        vm.prank(owner);
        receiver.setBounds(100, 500, 10_001);
    }

    function test_setBounds_zeroDecrease_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IRateReceiver.RateReceiver_InvalidBounds.selector, 100, 0, 1_000));
        vm.prank(owner);
        receiver.setBounds(100, 0, 1_000);
    }

    function test_setBounds_zeroAnnual_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IRateReceiver.RateReceiver_InvalidBounds.selector, 100, 500, 0));
        vm.prank(owner);
        receiver.setBounds(100, 500, 0);
    }

    /// @dev Accepted exactly when every bound is in 1..limit; a rejected call changes nothing.
    function testFuzz_setBounds_validation_succeeds(uint16 increaseBps, uint16 decreaseBps, uint16 annualBps) public {
        bool valid = increaseBps >= 1 && increaseBps <= receiver.MAX_INCREASE_BPS_LIMIT() && decreaseBps >= 1
            && decreaseBps <= receiver.MAX_DECREASE_BPS_LIMIT() && annualBps >= 1
            && annualBps <= receiver.MAX_ANNUAL_GROWTH_BPS_LIMIT();
        if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IRateReceiver.RateReceiver_InvalidBounds.selector, increaseBps, decreaseBps, annualBps
                )
            );
        }
        vm.prank(owner);
        receiver.setBounds(increaseBps, decreaseBps, annualBps);
        if (valid) _assertBounds(increaseBps, decreaseBps, annualBps);
        else _assertBounds(MAX_INCREASE_BPS, MAX_DECREASE_BPS, MAX_ANNUAL_GROWTH_BPS);
    }

    // ------------------------------------------------------------------ lzReceive: clamping

    /// @dev No reference yet: even a rate far from 1 is stored as sent.
    function test_lzReceive_firstUpdateUnclamped_succeeds() public {
        _pushRate(5e18, T0, 1);
        _assertStored(5e18, T0, 1);
    }

    /// @dev One day at 10% a year allows 1e18 * 0.1 / 365 of growth; the rest is cut.
    function test_lzReceive_growthOverAnnualCapClamped_succeeds() public {
        _pushRate(1e18, T0, 1);
        uint256 applied = 1e18 + uint256(1e18) * 1_000 * 1 days / (BPS * YEAR);

        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateClamped(1.005e18, applied, T0 + 1 days, 2);
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdated(applied, T0 + 1 days, 2);
        _pushRate(1.005e18, T0 + 1 days, 2);
        _assertStored(applied, T0 + 1 days, 2);
    }

    /// @dev A year of hub time would allow 10%, but one update moves at most 1%.
    function test_lzReceive_growthOverPerUpdateCapClamped_succeeds() public {
        _pushRate(1e18, T0, 1);
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateClamped(1.05e18, 1.01e18, T0 + 365 days, 2);
        _pushRate(1.05e18, T0 + 365 days, 2);
        _assertStored(1.01e18, T0 + 365 days, 2);
    }

    /// @dev Re-broadcasting the same hub report (same report time, newer sequence) grants no growth.
    function test_lzReceive_sameReportTimeNoGrowth_succeeds() public {
        _pushRate(1e18, T0, 1);
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateClamped(1.001e18, 1e18, T0, 2);
        _pushRate(1.001e18, T0, 2);
        _assertStored(1e18, T0, 2);
    }

    function test_lzReceive_decreaseWithinBound_succeeds() public {
        _pushRate(1e18, T0, 1);
        vm.recordLogs();
        _pushRate(0.96e18, T0 + 1, 2);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        // The receiver's own logs; the pool logs the pushed rate.
        assertEq(logs.length, 2, "RateUpdated and the pool's RateCached, no RateClamped");
        assertEq(logs[0].emitter, address(receiver));
        assertEq(logs[0].topics[0], IRateReceiver.RateUpdated.selector);
        assertEq(logs[1].emitter, address(pool));
        _assertStored(0.96e18, T0 + 1, 2);
    }

    /// @dev A reported slashing beyond 5% lands as a 5% drop; the next update continues down.
    function test_lzReceive_decreaseBeyondBoundClamped_succeeds() public {
        _pushRate(1e18, T0, 1);
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateClamped(0.8e18, 0.95e18, T0 + 1, 2);
        _pushRate(0.8e18, T0 + 1, 2);
        _assertStored(0.95e18, T0 + 1, 2);

        _pushRate(0.8e18, T0 + 2, 3);
        _assertStored(0.9025e18, T0 + 2, 3);
    }

    /// @dev Bounds apply from the next update: widened, the same push moves further.
    function test_lzReceive_newBoundsApply_succeeds() public {
        _pushRate(1e18, T0, 1);
        vm.prank(owner);
        receiver.setBounds(1_000, 5_000, 10_000);
        _pushRate(1.5e18, T0 + 365 days, 2);
        _assertStored(1.1e18, T0 + 365 days, 2);
    }

    /// @dev A hub report time behind the stored one is old, whatever its sequence.
    function test_lzReceive_olderReportTimeIgnored_succeeds() public {
        _pushRate(1e18, T0, 1);
        vm.expectEmit(address(receiver));
        emit IRateReceiver.RateUpdateIgnored(1e18, T0 - 1, 2, 1);
        _pushRate(1e18, T0 - 1, 2);
        _assertStored(1e18, T0, 1);
    }

    /// @dev Donation pump: the hub rate jumps 20% in one report. The spoke rises by the cap only,
    ///      then converges as hub time passes (monthly reports, ~10% a year): never above the hub,
    ///      never faster than the caps.
    function test_lzReceive_donationPumpConverges_succeeds() public {
        _pushRate(1e18, T0, 1);
        uint256 pumped = 1.2e18;
        uint64 time = T0 + 1 days;
        _pushRate(pumped, time, 2);
        assertEq(receiver.getRate(), _model(pumped, 1e18, 1 days), "first step over the cap");
        assertLt(receiver.getRate(), 1.0003e18);

        uint256 previous = receiver.getRate();
        uint64 seq = 2;
        while (previous < pumped) {
            time += 30 days;
            _pushRate(pumped, time, ++seq);
            uint256 current = receiver.getRate();
            assertEq(current, _model(pumped, previous, 30 days), "step");
            assertGt(current, previous, "no progress");
            assertLe(current, pumped, "overshoot");
            previous = current;
            assertLt(seq, 40, "did not converge");
        }
        // 20% at 10% a year, compounding monthly: about 22 months.
        assertGe(time - T0, 600 days, "converged faster than the annual cap");
    }

    /// @dev Forged senders revert in the OApp and replays of an accepted sequence are ignored: in
    ///      neither case does a stored rate move.
    function test_lzReceive_forgedOrReplayedAfterRate_succeeds() public {
        _pushRate(1e18, T0, 1);

        Origin memory forged = Origin(HUB_EID, _b32(attacker), 2);
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.OnlyPeer.selector, HUB_EID, _b32(attacker)));
        vm.prank(address(endpoint));
        receiver.lzReceive(forged, bytes32(0), RateMessage.encode(1.01e18, T0 + 365 days, 2), executor, "");

        _pushRate(1.01e18, T0 + 365 days, 1);
        _assertStored(1e18, T0, 1);
    }

    /// @dev Any accepted update lands on the model's clamp of the requested rate: between the
    ///      previous rate and the requested one, within every bound.
    function testFuzz_lzReceive_clampWithinBounds_succeeds(uint128 previous, uint128 rate, uint32 elapsed) public {
        previous = uint128(bound(previous, 1, type(uint128).max));
        rate = uint128(bound(rate, 1, type(uint128).max));
        _pushRate(previous, T0, 1);
        _pushRate(rate, T0 + uint64(elapsed), 2);

        uint256 applied = receiver.getRate();
        assertEq(applied, _model(rate, previous, elapsed));
        if (rate >= previous) {
            assertGe(applied, previous);
            assertLe(applied, rate);
            assertLe(applied - previous, uint256(previous) * MAX_INCREASE_BPS / BPS, "per-update cap");
            assertLe(
                applied - previous, uint256(previous) * MAX_ANNUAL_GROWTH_BPS * elapsed / (BPS * YEAR), "annual cap"
            );
        } else {
            assertLe(applied, previous);
            assertGe(applied, rate);
            assertLe(previous - applied, uint256(previous) * MAX_DECREASE_BPS / BPS, "decrease bound");
            assertGt(applied, 0);
        }
    }

    /// @dev Pushing the same target repeatedly moves monotonically toward it and reaches it.
    function testFuzz_lzReceive_repeatedPushesConverge_succeeds(uint128 previous, uint128 target) public {
        previous = uint128(bound(previous, 1e9, 1e30));
        target = uint128(bound(target, uint256(previous) / 4, uint256(previous) * 4));
        _pushRate(previous, T0, 1);
        uint256 last = previous;
        for (uint64 i = 2; i < 200 && last != target; ++i) {
            _pushRate(target, T0 + i * 365 days, i);
            uint256 current = receiver.getRate();
            if (target > last) assertGt(current, last);
            else assertLt(current, last);
            last = current;
        }
        assertEq(last, target, "did not converge");
    }
}
