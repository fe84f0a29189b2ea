// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {console} from "forge-std/console.sol";
import {
    ILayerZeroEndpointV2,
    Origin
} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {Errors} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/Errors.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {SendParam, MessagingFee} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {RateLimiter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/utils/RateLimiter.sol";

import {IBackingLedger} from "../../src/shared/interfaces/IBackingLedger.sol";
import {ISpokePool} from "../../src/shared/interfaces/ISpokePool.sol";
import {BatchMessage} from "../../src/shared/libraries/BatchMessage.sol";
import {SpokePeerDouble} from "../hub/harness/SpokePeerDouble.sol";
import {PlannedSystemBase} from "./PlannedSystemBase.sol";

/// @dev Spoke batches end to end: SpokePool.sync on a spoke, the BATCH packet through real LayerZero
///      endpoints to the hub's BackingLedger, the ETH through the devnet bridge (LocalSpokeBridge
///      escrow, LocalBridgeHub paying the ledger when the relayer delivers).
contract BatchesTest is PlannedSystemBase {
    /// @dev The receive gas the plan enforces on BATCH messages: an executor's gas limit.
    uint128 internal immutable BATCH_RECEIVE_GAS =
        uint128(vm.parseJsonUint(vm.readFile("config/wiring.json"), ".enforcedReceiveGas.batch"));

    struct Packet {
        Origin origin;
        address receiver;
        bytes32 guid;
        bytes message;
    }

    function setUp() public override {
        super.setUp();
        _pushRate(alpha);
        _pushRate(beta);
    }

    // ---------------------------------------------------------------- helpers

    function _depositOn(Spoke memory spoke, address user, uint256 assets) internal returns (uint256 shares) {
        vm.deal(user, user.balance + assets);
        vm.prank(user);
        shares = spoke.pool.deposit{value: assets}(user, 0);
    }

    function _pendingShares(Spoke memory spoke) internal view returns (uint256 shares) {
        (shares,) = spoke.pool.pending();
    }

    /// @dev Both DVNs verify every in-flight packet for `receiver`, without executing it, oldest first.
    function _verifyAll(uint32 dstEid, address receiver) internal returns (Packet[] memory out) {
        (bytes[] memory packetBytes,) = _takePackets(dstEid, receiver);
        out = new Packet[](packetBytes.length);
        for (uint256 i; i < packetBytes.length; ++i) {
            _verifyByBoth(packetBytes[i]);
            out[i] = _parts(packetBytes[i]);
        }
    }

    function _parts(bytes memory packet) internal view returns (Packet memory p) {
        (,, p.origin, p.receiver, p.guid) = this.partsOf(packet);
        p.message = this.messageOf(packet);
    }

    /// @dev Executes a verified packet as an executor does, with `gasLimit`.
    function _execute(uint32 dstEid, Packet memory p, uint256 gasLimit) internal {
        _endpointOf(dstEid).lzReceive{gas: gasLimit}(p.origin, p.receiver, p.guid, p.message, "");
    }

    function _status(Spoke memory spoke, uint64 batchId) internal view returns (IBackingLedger.BatchStatus) {
        return ledger.batch(spoke.eid, batchId).status;
    }

    /// @dev Batches never move the hub rate, except a rounding remainder left in the pool's favour.
    function _assertRateKept(uint256 before) internal view {
        uint256 rate = trETH.getRate();
        assertGe(rate, before, "batch lowered the hub rate");
        assertLe(rate, before + 1, "batch raised the hub rate past rounding");
    }

    /// @dev XC-1 as an identity, for tests without trETH in flight from the hub: spoke supply plus
    ///      trETH in flight from spokes == lockbox + pending + sent-not-backed + unbacked.
    function _assertConserved(uint256 sentNotBacked, uint256 inFlightFromSpokes) internal view {
        assertEq(
            alpha.token.totalSupply() + beta.token.totalSupply() + inFlightFromSpokes,
            trETH.balanceOf(address(adapter)) + _pendingShares(alpha) + _pendingShares(beta) + sentNotBacked
                + ledger.totalUnbacked(),
            "spoke supply not conserved"
        );
    }

    /// @dev Every spoke share the ledger knows of is locked or recorded unbacked.
    function _assertSpokeAccounted(Spoke memory spoke) internal view {
        IBackingLedger.Spoke memory s = ledger.spoke(spoke.eid);
        assertEq(uint256(s.backedShares) + s.unbackedShares, s.mintedShares, "minted != backed + unbacked");
    }

    // ---------------------------------------------------------------- happy paths

    /// @dev Deposit -> sync -> BATCH delivered (InTransit, lockbox +shares, rate kept) -> ETH lands
    ///      (Settled, buffer +ETH, nothing in transit).
    function test_batch_messageThenLanding_succeeds() public {
        uint256 shares = _depositOn(alpha, alice, 10 ether);
        _assertConserved(0, 0);

        uint64 batchId = _sync(alpha);
        assertEq(batchId, 1);
        assertEq(address(alpha.pool).balance, 0);
        assertEq(address(alpha.bridge).balance, 10 ether, "bridge escrow");
        _assertConserved(shares, 0);

        uint256 rate = trETH.getRate();
        uint256 pooled = trETH.totalPooledEther();
        uint256 buffered = trETH.bufferedEther();
        _deliverBatches();

        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.InTransit));
        assertEq(trETH.balanceOf(address(adapter)), shares, "lockbox != spoke shares");
        assertEq(ledger.spoke(ALPHA_EID).inTransit, 10 ether);
        assertEq(trETH.inTransitEther(), 10 ether);
        assertEq(trETH.totalPooledEther(), pooled + 10 ether, "in-transit ETH not pooled");
        assertEq(trETH.bufferedEther(), buffered, "buffer moved before landing");
        // The spoke fee stays with the ledger as its reserve.
        assertGt(ledger.reserveShares(), 0, "no reserve from the fee");
        _assertRateKept(rate);
        _assertConserved(0, 0);

        uint256 liquidity = address(hubBridge).balance;
        _landBatch(alpha, 1);
        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.Settled));
        assertEq(trETH.bufferedEther(), buffered + 10 ether, "buffer not credited");
        assertEq(trETH.inTransitEther(), 0);
        assertEq(ledger.spoke(ALPHA_EID).inTransit, 0);
        assertEq(ledger.spoke(ALPHA_EID).landedAssets, 10 ether);
        assertEq(address(hubBridge).balance, liquidity - 10 ether, "the bridge paid the landing");
        _assertRateKept(rate);
        _assertConserved(0, 0);
        _assertSpokeAccounted(alpha);
    }

    /// @dev The bridge can beat LayerZero: the ETH waits in the ledger (Landed) and backs the batch
    ///      when the message arrives, without ever being counted in transit.
    function test_batch_landingBeforeMessage_succeeds() public {
        uint256 shares = _depositOn(alpha, alice, 7 ether);
        _sync(alpha);
        uint256 rate = trETH.getRate();
        uint256 buffered = trETH.bufferedEther();

        _land(alpha, 1, 7 ether);
        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.Landed));
        assertEq(address(ledger).balance, 7 ether, "landed ETH not held");
        assertEq(trETH.balanceOf(address(adapter)), 0);
        _assertConserved(shares, 0);

        _deliverBatches();
        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.Settled));
        assertEq(address(ledger).balance, 0);
        assertEq(trETH.bufferedEther(), buffered + 7 ether);
        assertEq(trETH.inTransitEther(), 0, "landed ETH counted in transit");
        assertEq(trETH.balanceOf(address(adapter)), shares);
        _assertRateKept(rate);
        _assertConserved(0, 0);
    }

    /// @dev A batch over the spoke's in-transit cap is only recorded (Deferred: no mint, no lock);
    ///      it is backed when its ETH lands.
    function test_batch_overCapDeferredThenBacked_succeeds() public {
        _prankOwner(address(ledger));
        ledger.setSpoke(ALPHA_EID, address(hubBridge), 5 ether);
        uint256 shares = _depositOn(alpha, alice, 6 ether);
        _sync(alpha);
        uint256 rate = trETH.getRate();
        uint256 supply = trETH.totalSupply();

        _deliverBatches();
        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.Deferred));
        assertEq(trETH.totalSupply(), supply, "deferred batch minted");
        assertEq(trETH.balanceOf(address(adapter)), 0);
        assertEq(ledger.spoke(ALPHA_EID).inTransit, 0);
        _assertConserved(shares, 0);

        _landBatch(alpha, 1);
        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.Settled));
        assertEq(trETH.balanceOf(address(adapter)), shares);
        _assertRateKept(rate);
        _assertConserved(0, 0);
        _assertSpokeAccounted(alpha);
    }

    /// @dev Two spokes' deposits, syncs, messages and landings interleaved: each spoke's record
    ///      stays its own and the lockbox holds the sum.
    function test_batch_twoSpokesInterleaved_succeeds() public {
        uint256 a1 = _depositOn(alpha, alice, 3 ether);
        uint256 b1 = _depositOn(beta, bob, 4 ether);
        _sync(alpha);
        uint256 b2 = _depositOn(beta, alice, 5 ether);
        _sync(beta);
        uint256 a2 = _depositOn(alpha, bob, 6 ether);
        _sync(alpha);
        _assertConserved(a1 + a2 + b1 + b2, 0);
        uint256 rate = trETH.getRate();

        _land(beta, 1, 9 ether);
        _land(alpha, 2, 6 ether);
        _deliverBatches();
        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.InTransit));
        assertEq(uint8(_status(alpha, 2)), uint8(IBackingLedger.BatchStatus.Settled));
        assertEq(uint8(_status(beta, 1)), uint8(IBackingLedger.BatchStatus.Settled));
        assertEq(ledger.spoke(ALPHA_EID).inTransit, 3 ether);
        assertEq(ledger.spoke(BETA_EID).inTransit, 0);
        assertEq(trETH.inTransitEther(), ledger.totalInTransit());
        _assertConserved(0, 0);

        _land(alpha, 1, 3 ether);
        assertEq(ledger.spoke(ALPHA_EID).backedShares, a1 + a2);
        assertEq(ledger.spoke(BETA_EID).backedShares, b1 + b2);
        assertEq(ledger.spoke(BETA_EID).reportedSupply, beta.token.totalSupply());
        assertEq(trETH.balanceOf(address(adapter)), a1 + a2 + b1 + b2);
        assertEq(trETH.inTransitEther(), 0);
        _assertRateKept(rate);
        _assertConserved(0, 0);
        _assertSpokeAccounted(alpha);
        _assertSpokeAccounted(beta);
    }

    // ---------------------------------------------------------------- hub rate moves

    /// @dev The hub rate rises by less than the spoke fee between pricing and backing: the batch
    ///      mints fewer shares than the spoke did at the old rate, but still enough; nothing unbacked.
    function test_batch_rateRiseWithinFee_covered_succeeds() public {
        uint256 shares = _depositOn(alpha, alice, 100 ether);
        // One report at the plan's cap, +0.075%: three quarters of the spoke's 0.1% fee.
        _raiseRate(1, 30 days);
        _sync(alpha);
        uint256 rate = trETH.getRate();
        _deliverBatches();

        assertEq(ledger.totalUnbacked(), 0);
        assertEq(trETH.balanceOf(address(adapter)), shares);
        assertGt(ledger.reserveShares(), 0);
        _assertRateKept(rate);
        _assertConserved(0, 0);
    }

    /// @dev The reserve from earlier batches covers a later batch's shortfall.
    function test_batch_rateRiseCoveredByReserve_succeeds() public {
        // Batch 1 at a steady rate leaves 0.1% of 500 ETH worth of shares in the reserve.
        _depositOn(alpha, alice, 500 ether);
        _sync(alpha);
        _deliverBatches();
        uint256 reserve = ledger.reserveShares();
        assertGt(reserve, 0.4 ether);

        // Batch 2 priced before two capped reports, about +0.15% (the 532 ETH pool's CL base is one
        // validator, so each report waits two months for its rewards to count): short by about
        // 0.05% of 50 ETH, less than the reserve.
        uint256 shares = _depositOn(alpha, bob, 50 ether);
        _raiseRate(2, 60 days);
        _sync(alpha);
        uint256 minted = trETH.previewDeposit(50 ether);
        assertLt(minted, shares, "no shortfall to cover");
        _deliverBatches();

        assertEq(ledger.totalUnbacked(), 0);
        assertEq(ledger.reserveShares(), reserve - (shares - minted), "reserve did not pay the shortfall");
        _assertConserved(0, 0);
        _assertSpokeAccounted(alpha);
    }

    /// @dev A rise far over the fee with no reserve: the shortfall is recorded as unbacked, anyone can
    ///      halt the spoke once it passes the threshold, HALT reaches the SpokePool through the
    ///      endpoint and deposits stop; the pool still syncs, and a later reserve covers the debt.
    function test_batch_lateBeyondFloorUnbacked_haltStopsSpoke_succeeds() public {
        uint256 shares = _depositOn(alpha, alice, 1_000 ether);
        // Eleven capped reports four days apart, about +0.83%: eight times the fee, under the rate
        // receivers' 1% step, and slow enough for their annual growth bound to let it reach spokes.
        _raiseRate(11, 4 days);
        _sync(alpha);
        uint256 minted = trETH.previewDeposit(1_000 ether);
        uint256 supply = trETH.totalSupply();
        uint256 deferred = trETH.deferredShares();
        _deliverBatches();

        // No reserve: the pool's deferred shares, then new shares back the batch down to the report
        // period's floor (an exit fee under the rate), and what is still short is recorded unbacked.
        assertEq(trETH.deferredShares(), 0, "deferred shares left unused");
        uint256 diluted = trETH.totalSupply() - supply - minted;
        (, uint256 floor) = ledger.lateDilutionFloor();
        assertGt(diluted, 0, "no dilution");
        assertGe(trETH.getRate(), floor, "diluted under the floor");
        assertLe(trETH.getRate() - floor, floor / 1e12, "stopped short of the floor");
        uint256 unbacked = ledger.spoke(ALPHA_EID).unbackedShares;
        // The numbers docs/economics.md section 5 quotes.
        console.log("late batch gap (trETH wei)", shares - minted);
        console.log("covered at once: deferred + new shares", deferred + diluted, "owed", unbacked);
        assertEq(unbacked, shares - minted - deferred - diluted, "shortfall not recorded");
        assertGt(unbacked, ledger.unbackedThreshold());
        assertEq(ledger.totalUnbacked(), unbacked);
        assertEq(trETH.balanceOf(address(adapter)), minted + deferred + diluted);
        _assertConserved(0, 0);
        _assertSpokeAccounted(alpha);

        // Beta is not in debt: it cannot be halted.
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_BelowHaltThreshold.selector, 0, ledger.unbackedThreshold()));
        ledger.haltSpoke(BETA_EID);

        uint256 fee = ledger.quoteHalt(ALPHA_EID);
        vm.prank(bob);
        ledger.haltSpoke{value: fee}(ALPHA_EID);
        assertFalse(alpha.pool.paused(), "halted before delivery");
        _deliverTo(ALPHA_EID, address(alpha.pool));
        assertTrue(alpha.pool.paused(), "HALT not applied");

        vm.deal(alice, 1 ether);
        vm.expectRevert(ISpokePool.SpokePool_Paused.selector);
        vm.prank(alice);
        alpha.pool.deposit{value: 1 ether}(alice, 0);
        // The other spoke, at the new rate, keeps minting.
        _pushRate(beta);
        assertEq(beta.pool.rate(), trETH.getRate());
        assertGt(_depositOn(beta, bob, 10 ether), 0);

        // Beta's fee reserve, once backed, covers part of alpha's debt.
        _sync(beta);
        _deliverBatches();
        uint256 covered = ledger.coverUnbacked(ALPHA_EID);
        assertGt(covered, 0);
        assertEq(ledger.totalUnbacked(), unbacked - covered);
        _assertConserved(0, 0);
    }

    // ---------------------------------------------------------------- attacks

    /// @dev A contract on alpha that is not its SpokePool sends a well-formed BATCH to the ledger.
    ///      The ledger's peer check refuses it twice over: the endpoint asks the ledger whether the
    ///      path may open (`allowInitializePath`: the sender must be the peer), so the DVN's
    ///      verification cannot commit and the packet can never be executed; and the OApp's
    ///      `lzReceive` itself reverts OnlyPeer for a non-peer sender. The ledger records nothing.
    function test_batch_forgedPeer_reverts() public {
        SpokePeerDouble forger = new SpokePeerDouble(address(_endpointOf(ALPHA_EID)), address(this));
        forger.setPeer(HUB_EID, _toBytes32(address(ledger)));
        BatchMessage.Batch memory forged = BatchMessage.Batch(1, 1_000 ether, 1_000 ether, 1_000 ether);
        // The real pool's enforced BATCH options, so the forged batch would execute if verified.
        bytes memory options = alpha.pool.enforcedOptions(HUB_EID, alpha.pool.MSG_BATCH());
        forger.sendBatch{value: forger.quoteBatch(HUB_EID, forged, options)}(HUB_EID, forged, options);

        // Both DVNs attest the packet (it was really sent); the endpoint refuses to commit it.
        (bytes[] memory packetBytes,) = _takePackets(HUB_EID, address(ledger));
        assertEq(packetBytes.length, 1);
        _expectCommitRefused(packetBytes[0], abi.encodeWithSelector(Errors.LZ_PathNotInitializable.selector));
        Packet[] memory ps = new Packet[](1);
        ps[0] = _parts(packetBytes[0]);
        bytes32 forgerPeer = _toBytes32(address(forger));
        assertEq(ps[0].origin.sender, forgerPeer);
        ILayerZeroEndpointV2 hub = _endpointOf(HUB_EID);
        assertFalse(hub.initializable(ps[0].origin, address(ledger)), "path from a non-peer opened");
        assertEq(hub.inboundPayloadHash(address(ledger), ALPHA_EID, forgerPeer, 1), bytes32(0), "forged packet verified");
        uint256 supply = trETH.totalSupply();
        vm.expectRevert(abi.encodeWithSelector(Errors.LZ_InvalidNonce.selector, 1));
        _execute(HUB_EID, ps[0], BATCH_RECEIVE_GAS);

        // Even handed over by the endpoint itself, the ledger refuses a non-peer sender.
        vm.expectRevert(abi.encodeWithSelector(IOAppCore.OnlyPeer.selector, ALPHA_EID, forgerPeer));
        vm.prank(address(hub));
        ledger.lzReceive(ps[0].origin, ps[0].guid, ps[0].message, address(this), "");

        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.Unknown));
        assertEq(ledger.spoke(ALPHA_EID).mintedShares, 0);
        assertEq(trETH.totalSupply(), supply);
        assertEq(trETH.inTransitEther(), 0);
    }

    /// @dev Executing the same packet twice: the endpoint cleared its payload hash the first time.
    function test_batch_replayedPacket_reverts() public {
        uint256 shares = _depositOn(alpha, alice, 2 ether);
        _sync(alpha);
        Packet[] memory ps = _verifyAll(HUB_EID, address(ledger));
        _execute(HUB_EID, ps[0], BATCH_RECEIVE_GAS);
        assertEq(trETH.balanceOf(address(adapter)), shares);

        bytes32 payloadHash = keccak256(abi.encodePacked(ps[0].guid, ps[0].message));
        vm.expectRevert(abi.encodeWithSelector(Errors.LZ_PayloadHashNotFound.selector, bytes32(0), payloadHash));
        _execute(HUB_EID, ps[0], BATCH_RECEIVE_GAS);
        assertEq(trETH.balanceOf(address(adapter)), shares, "replay locked twice");
        assertEq(ledger.spoke(ALPHA_EID).mintedShares, shares);
    }

    /// @dev Batch 2 executed before batch 1 (LayerZero allows it once both are verified): both are
    ///      backed, the ledger's latest reported supply is batch 2's.
    function test_batch_reordered_succeeds() public {
        uint256 s1 = _depositOn(alpha, alice, 2 ether);
        _sync(alpha);
        uint256 s2 = _depositOn(alpha, bob, 3 ether);
        _sync(alpha);
        Packet[] memory ps = _verifyAll(HUB_EID, address(ledger));
        assertEq(ps.length, 2);
        uint256 rate = trETH.getRate();

        _execute(HUB_EID, ps[1], BATCH_RECEIVE_GAS);
        assertEq(uint8(_status(alpha, 2)), uint8(IBackingLedger.BatchStatus.InTransit));
        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.Unknown));
        assertEq(trETH.balanceOf(address(adapter)), s2);
        _assertConserved(s1, 0);

        _execute(HUB_EID, ps[0], BATCH_RECEIVE_GAS);
        assertEq(uint8(_status(alpha, 1)), uint8(IBackingLedger.BatchStatus.InTransit));
        assertEq(trETH.balanceOf(address(adapter)), s1 + s2);
        IBackingLedger.Spoke memory s = ledger.spoke(ALPHA_EID);
        assertEq(s.lastBatchId, 2);
        assertEq(s.reportedSupply, s1 + s2, "older batch overwrote the reported supply");
        assertEq(s.inTransit, 5 ether);

        _landBatch(alpha, 2);
        _landBatch(alpha, 1);
        assertEq(trETH.inTransitEther(), 0);
        _assertRateKept(rate);
        _assertConserved(0, 0);
        _assertSpokeAccounted(alpha);
    }

    /// @dev A spoke whose cached rate is older than maxRateAge refuses deposits; what it already
    ///      minted still syncs and is backed.
    function test_deposit_staleRate_reverts() public {
        uint256 shares = _depositOn(alpha, alice, 1 ether);
        vm.warp(block.timestamp + MAX_RATE_AGE + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ISpokePool.SpokePool_StaleRate.selector, uint256(MAX_RATE_AGE) + 1, MAX_RATE_AGE)
        );
        vm.prank(alice);
        alpha.pool.deposit{value: 1 ether}(alice, 0);

        _sync(alpha);
        _deliverBatches();
        assertEq(trETH.balanceOf(address(adapter)), shares);
        _assertConserved(0, 0);
    }

    // ---------------------------------------------------------------- spoke trETH on the move

    /// @dev Spoke-minted trETH moves alpha -> beta and beta -> hub over the OFT mesh within the
    ///      outbound rate limits; a send over the limit is refused. Supply stays conserved with the
    ///      in-flight amounts counted.
    function test_oft_spokeMintedTokensBridge_succeeds() public {
        uint256 shares = _depositOn(alpha, alice, 10 ether);
        _sync(alpha);
        _deliverBatches();
        _landBatch(alpha, 1);
        assertEq(trETH.balanceOf(address(adapter)), shares);

        uint256 toBeta = 4 ether;
        _sendTokens(address(alpha.token), alice, BETA_EID, bob, toBeta);
        _assertConserved(0, toBeta);
        _deliverTo(BETA_EID, address(beta.token));
        assertEq(beta.token.balanceOf(bob), toBeta);
        _assertConserved(0, 0);

        uint256 toHub = 1.5 ether;
        _sendTokens(address(beta.token), bob, HUB_EID, bob, toHub);
        _assertConserved(0, toHub);
        _deliverTo(HUB_EID, address(adapter));
        assertEq(trETH.balanceOf(bob), toHub, "hub credit");
        assertEq(trETH.balanceOf(address(adapter)), shares - toHub);
        _assertConserved(0, 0);

        // Tighten beta's limit towards the hub to 2.5 (1.5 already sent in this window): 1.5 more
        // is refused, 1 more passes.
        RateLimiter.RateLimitConfig[] memory configs = new RateLimiter.RateLimitConfig[](1);
        (,,, uint256 window) = beta.token.rateLimits(HUB_EID);
        configs[0] = RateLimiter.RateLimitConfig(HUB_EID, 2.5 ether, window);
        _prankOwner(address(beta.token));
        beta.token.setRateLimits(configs);
        SendParam memory over = _sendParam(HUB_EID, bob, 1.5 ether);
        MessagingFee memory fee = beta.token.quoteSend(over, false);
        vm.expectRevert(RateLimiter.RateLimitExceeded.selector);
        vm.prank(bob);
        beta.token.send{value: fee.nativeFee}(over, fee, bob);
        _sendTokens(address(beta.token), bob, HUB_EID, bob, 1 ether);
        _deliverTo(HUB_EID, address(adapter));
        assertEq(beta.token.balanceOf(bob), toBeta - toHub - 1 ether);
        assertEq(trETH.balanceOf(address(adapter)), shares - toHub - 1 ether);
        _assertConserved(0, 0);
    }
}
