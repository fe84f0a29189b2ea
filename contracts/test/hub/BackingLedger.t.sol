// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {OAppReceiver} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OAppReceiver.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";

import {BackingLedger} from "../../src/hub/BackingLedger.sol";
import {IBackingLedger} from "../../src/shared/interfaces/IBackingLedger.sol";
import {ITrETH} from "../../src/shared/interfaces/ITrETH.sol";
import {BatchMessage} from "../../src/shared/libraries/BatchMessage.sol";
import {LedgerBase} from "./harness/LedgerBase.sol";

contract BackingLedgerTest is LedgerBase {
    uint256 internal constant SPOKE_FEE_BPS = 10;
    address internal stranger = makeAddr("stranger");

    // ------------------------------------------------------------------ constructor and admin

    function test_constructor_wiring_succeeds() public view {
        assertEq(address(ledger.trETH()), address(trETH));
        assertEq(ledger.lockbox(), address(lockbox));
        assertEq(ledger.owner(), ledgerOwner);
        assertEq(ledger.MSG_HALT(), BatchMessage.HALT);
        assertEq(ledger.peers(SPOKE_EID), addressToBytes32(address(spokePeer)));
        assertEq(ledger.unbackedThreshold(), UNBACKED_THRESHOLD);
    }

    function test_constructor_zeroAddress_reverts() public {
        vm.expectRevert(IBackingLedger.BackingLedger_ZeroAddress.selector);
        new BackingLedger(ITrETH(address(0)), address(lockbox), endpoints[HUB_EID], ledgerOwner);
        vm.expectRevert(IBackingLedger.BackingLedger_ZeroAddress.selector);
        new BackingLedger(trETH, address(0), endpoints[HUB_EID], ledgerOwner);
    }

    function test_setSpoke_configures_succeeds() public {
        vm.expectEmit(address(ledger));
        emit IBackingLedger.SpokeConfigured(7, stranger, 5 ether);
        vm.prank(ledgerOwner);
        ledger.setSpoke(7, stranger, 5 ether);
        IBackingLedger.Spoke memory s = ledger.spoke(7);
        assertEq(s.bridgeReceiver, stranger);
        assertEq(s.maxInTransit, 5 ether);

        // Reconfiguring keeps one entry per spoke.
        vm.prank(ledgerOwner);
        ledger.setSpoke(7, bridge, 6 ether);
        uint32[] memory eids = ledger.spokeEids();
        assertEq(eids.length, 2);
        assertEq(eids[0], SPOKE_EID);
        assertEq(eids[1], 7);
    }

    function test_setSpoke_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        ledger.setSpoke(7, stranger, 5 ether);
    }

    function test_setSpoke_zeroReceiver_reverts() public {
        vm.expectRevert(IBackingLedger.BackingLedger_ZeroAddress.selector);
        vm.prank(ledgerOwner);
        ledger.setSpoke(7, address(0), 5 ether);
    }

    function test_setUnbackedThreshold_ownerOnly_succeeds() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        ledger.setUnbackedThreshold(1);
        vm.expectEmit(address(ledger));
        emit IBackingLedger.UnbackedThresholdSet(5 ether);
        vm.prank(ledgerOwner);
        ledger.setUnbackedThreshold(5 ether);
        assertEq(ledger.unbackedThreshold(), 5 ether);
    }

    function test_transferOwnership_twoStep_succeeds() public {
        vm.prank(ledgerOwner);
        ledger.transferOwnership(stranger);
        assertEq(ledger.owner(), ledgerOwner, "moved in one step");
        vm.prank(stranger);
        Ownable2StepLike(address(ledger)).acceptOwnership();
        assertEq(ledger.owner(), stranger);
    }

    // ------------------------------------------------------------------ message first

    function test_messageThenETH_exact_succeeds() public {
        uint256 assets = 10 ether;
        uint256 shares = _spokeShares(assets, SPOKE_FEE_BPS);
        uint256 minted = trETH.previewDeposit(assets);
        uint256 rate = trETH.getRate();

        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchAnnounced(SPOKE_EID, 1, assets, shares, IBackingLedger.BatchStatus.InTransit);
        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchBacked(SPOKE_EID, 1, minted, shares, 0);
        _announce(1, assets, shares);

        _assertBatch(1, assets, shares, 0, IBackingLedger.BatchStatus.InTransit);
        assertEq(trETH.inTransitEther(), assets);
        assertEq(ledger.totalInTransit(), assets);
        assertEq(ledger.spoke(SPOKE_EID).inTransit, assets);
        assertEq(ledger.reserveShares(), minted - shares, "the spoke fee joins the reserve");
        assertGt(ledger.reserveShares(), 0);
        _assertSharesAccounted();
        _assertRateKept(rate, 1);

        uint256 buffered = trETH.bufferedEther();
        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchLanded(SPOKE_EID, 1, assets, IBackingLedger.BatchStatus.Settled);
        _land(1, assets);

        _assertBatch(1, assets, shares, assets, IBackingLedger.BatchStatus.Settled);
        assertEq(trETH.inTransitEther(), 0);
        assertEq(ledger.totalInTransit(), 0);
        assertEq(trETH.bufferedEther(), buffered + assets);
        assertEq(ledger.spoke(SPOKE_EID).landedAssets, assets);
        assertEq(address(ledger).balance, 0);
        _assertSharesAccounted();
        _assertRateKept(rate, 1);
    }

    function test_lzReceive_updatesSpokeTotals_succeeds() public {
        _deliverRaw(SPOKE_EID, address(spokePeer), BatchMessage.encodeBatch(BatchMessage.Batch(2, 1 ether, 0.9 ether, 5 ether)));
        // An older batch arriving late counts its shares but does not roll back the reported supply.
        _deliverRaw(SPOKE_EID, address(spokePeer), BatchMessage.encodeBatch(BatchMessage.Batch(1, 1 ether, 0.8 ether, 4 ether)));
        IBackingLedger.Spoke memory s = ledger.spoke(SPOKE_EID);
        assertEq(s.lastBatchId, 2);
        assertEq(s.reportedSupply, 5 ether);
        assertEq(s.mintedShares, 1.7 ether);
        _assertSharesAccounted();
    }

    function test_messageOverCap_deferredThenLanding_succeeds() public {
        vm.prank(ledgerOwner);
        ledger.setSpoke(SPOKE_EID, bridge, 15 ether);
        _announce(1, 10 ether, _spokeShares(10 ether, SPOKE_FEE_BPS));
        uint256 shares2 = _spokeShares(8 ether, SPOKE_FEE_BPS);
        uint256 supply = trETH.totalSupply();

        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchAnnounced(SPOKE_EID, 2, 8 ether, shares2, IBackingLedger.BatchStatus.Deferred);
        _announce(2, 8 ether, shares2);
        _assertBatch(2, 8 ether, shares2, 0, IBackingLedger.BatchStatus.Deferred);
        assertEq(trETH.totalSupply(), supply, "a deferred batch minted");
        assertEq(ledger.totalInTransit(), 10 ether);
        IBackingLedger.Spoke memory s = ledger.spoke(SPOKE_EID);
        assertEq(s.backedShares + s.unbackedShares, s.mintedShares - shares2, "deferred shares counted as backed");

        uint256 rate = trETH.getRate();
        uint256 minted = trETH.previewDeposit(8 ether);
        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchBacked(SPOKE_EID, 2, minted, shares2, 0);
        _land(2, 8 ether);
        _assertBatch(2, 8 ether, shares2, 8 ether, IBackingLedger.BatchStatus.Settled);
        assertEq(ledger.totalInTransit(), 10 ether, "deferred landing touched in transit");
        _assertSharesAccounted();
        _assertRateKept(rate, 1);
    }

    // ------------------------------------------------------------------ ETH first

    function test_ETHThenMessage_succeeds() public {
        uint256 rate = trETH.getRate();
        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchLanded(SPOKE_EID, 1, 4 ether, IBackingLedger.BatchStatus.Landed);
        _land(1, 4 ether);
        _assertBatch(1, 0, 0, 4 ether, IBackingLedger.BatchStatus.Landed);
        assertEq(address(ledger).balance, 4 ether, "held until the message");

        uint256 shares = _spokeShares(4 ether, SPOKE_FEE_BPS);
        uint256 buffered = trETH.bufferedEther();
        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchAnnounced(SPOKE_EID, 1, 4 ether, shares, IBackingLedger.BatchStatus.Settled);
        _announce(1, 4 ether, shares);

        _assertBatch(1, 4 ether, shares, 4 ether, IBackingLedger.BatchStatus.Settled);
        assertEq(address(ledger).balance, 0);
        assertEq(trETH.bufferedEther(), buffered + 4 ether);
        assertEq(trETH.inTransitEther(), 0);
        _assertSharesAccounted();
        _assertRateKept(rate, 1);
    }

    /// @dev The ETH landed first and was held; the message then carries a different amount: the
    ///      ledger backs what actually arrived.
    function test_ETHThenMessage_landedDiffers_succeeds() public {
        _land(1, 3 ether);
        uint256 shares = _spokeShares(4 ether, SPOKE_FEE_BPS);
        _announce(1, 4 ether, shares);
        _assertBatch(1, 4 ether, shares, 3 ether, IBackingLedger.BatchStatus.Settled);
        assertGt(ledger.spoke(SPOKE_EID).unbackedShares, 0, "a quarter less ETH cannot back the shares");
        _assertSharesAccounted();
    }

    // ------------------------------------------------------------------ landing amounts

    /// @dev Landed short by less than the reserve covers: the missing ETH leaves the pool with
    ///      reserve shares worth it, and the rate holds.
    function test_shortLanding_coveredByReserve_succeeds() public {
        uint256 assets = 100 ether;
        _announce(1, assets, _spokeShares(assets, SPOKE_FEE_BPS));
        uint256 reserve = ledger.reserveShares();
        uint256 rate = trETH.getRate();
        uint256 missing = 0.05 ether; // the fee is 0.1 ether
        uint256 worth = Math.mulDiv(missing, trETH.totalSupply(), trETH.totalPooledEther(), Math.Rounding.Ceil);

        vm.expectEmit(address(ledger));
        emit BackingLedger.ShortfallWrittenOff(SPOKE_EID, 1, missing, worth);
        _land(1, assets - missing);

        assertEq(ledger.reserveShares(), reserve - worth);
        assertEq(trETH.inTransitEther(), 0);
        assertEq(ledger.totalInTransit(), 0);
        assertGe(trETH.getRate(), rate, "covered shortfall lowered the rate");
        _assertSharesAccounted();
    }

    /// @dev Landed far short: the reserve goes, the rest is a loss every holder shares.
    function test_shortLanding_beyondReserve_lowersRate_succeeds() public {
        _announce(1, 100 ether, _spokeShares(100 ether, SPOKE_FEE_BPS));
        uint256 rate = trETH.getRate();
        _land(1, 50 ether);
        assertEq(ledger.reserveShares(), 0);
        assertEq(trETH.inTransitEther(), 0);
        assertLt(trETH.getRate(), rate);
        _assertSharesAccounted();
    }

    /// @dev Landed long: the extra is deposited and its shares join the reserve.
    function test_longLanding_extraJoinsReserve_succeeds() public {
        _announce(1, 10 ether, _spokeShares(10 ether, SPOKE_FEE_BPS));
        uint256 reserve = ledger.reserveShares();
        uint256 rate = trETH.getRate();
        uint256 extraShares = trETH.previewDeposit(1 ether);
        _land(1, 11 ether);
        assertEq(ledger.reserveShares(), reserve + extraShares);
        assertEq(trETH.inTransitEther(), 0);
        _assertBatch(1, 10 ether, _spokeShares(10 ether, SPOKE_FEE_BPS), 11 ether, IBackingLedger.BatchStatus.Settled);
        _assertRateKept(rate, 1);
        _assertSharesAccounted();
    }

    // ------------------------------------------------------------------ reserve and unbacked

    /// @dev The hub rate rose more than the spoke fee after the spoke priced its deposits: the
    ///      batch mints fewer shares than the spoke did, and the reserve makes up the difference.
    function test_rateRose_reserveCoversShortfall_succeeds() public {
        _announce(1, 500 ether, _spokeShares(500 ether, 100)); // a 1% fee builds a reserve
        _land(1, 500 ether);
        uint256 reserve = ledger.reserveShares();
        uint256 shares = _spokeShares(100 ether, SPOKE_FEE_BPS); // priced before the rise
        _reportRewards(5 ether);
        uint256 minted = trETH.previewDeposit(100 ether);
        assertLt(minted, shares, "the rise did not outrun the fee");

        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchBacked(SPOKE_EID, 2, minted, shares, 0);
        _announce(2, 100 ether, shares);
        assertEq(ledger.reserveShares(), reserve - (shares - minted));
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 0);
        _assertSharesAccounted();
    }

    /// @dev The rate outran the fee (a report with more rewards than one report shows) and there is
    ///      no reserve: the pool's deferred shares, gains not shown yet, back the batch. The rate stays.
    function test_lateBatch_deferredSharesCoverShortfall_succeeds() public {
        uint256 shares = _spokeShares(100 ether, SPOKE_FEE_BPS);
        _reportRewards(trETH.totalPooledEther() / 50); // 2% less the protocol fee: over the 1% ceiling
        uint256 deferred = trETH.deferredShares();
        uint256 minted = trETH.previewDeposit(100 ether);
        assertGt(deferred, shares - minted, "the report deferred too little to cover");
        uint256 rate = trETH.getRate();

        vm.expectEmit(address(trETH));
        emit ITrETH.BatchShortfallCovered(shares - minted, 0);
        _announce(1, 100 ether, shares);
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 0);
        assertEq(trETH.deferredShares(), deferred - (shares - minted));
        _assertRateKept(rate, 1);
        _assertSharesAccounted();
    }

    /// @dev Rewards within the per-report limit leave nothing deferred; after three of them the rate
    ///      is past the spoke fee. With no reserve, new shares back the batch: the hub's stakers
    ///      carry its time on the bridge, and the rate falls by less than an instant exit's fee.
    function test_lateBatch_dilutionCoversShortfall_succeeds() public {
        uint256 shares = _spokeShares(100 ether, SPOKE_FEE_BPS);
        for (uint256 i; i < 3; ++i) {
            _reportRewards(trETH.totalPooledEther() / 1500); // 0.067% each, under the 1% ceiling here
        }
        assertEq(trETH.deferredShares(), 0);
        uint256 minted = trETH.previewDeposit(100 ether);
        assertLt(minted, shares, "the rise did not outrun the fee");
        uint256 rate = trETH.getRate();

        uint256 supply = trETH.totalSupply();
        _announce(1, 100 ether, shares);
        (uint256 reportTime, uint256 floor) = ledger.lateDilutionFloor();
        assertEq(reportTime, trETH.lastReportTime());
        assertEq(floor, rate * (10_000 - trETH.instantExitFeeBps()) / 10_000, "floor is not a fee under the rate");
        assertEq(trETH.totalSupply(), supply + shares, "the batch was not backed by dilution");
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 0);
        uint256 fall = rate - trETH.getRate();
        assertGt(fall, 0);
        assertLe(fall * 10_000, rate * trETH.instantExitFeeBps(), "fell by more than an exit fee");
        _assertSharesAccounted();
    }

    /// @dev A batch claiming more shares than any lateness explains (2% over its ETH: a forged or
    ///      broken spoke) gets at most its bounded dilution; the rest is recorded unbacked, which a
    ///      later surplus in the reserve covers.
    function test_implausibleBatch_excessRecordedUnbackedThenCovered_succeeds() public {
        uint256 shares = trETH.previewDeposit(102 ether);
        uint256 minted = trETH.previewDeposit(100 ether);
        uint256 allowance = _lagAllowance(100 ether, minted);
        uint256 rate = trETH.getRate();

        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchBacked(SPOKE_EID, 1, minted, minted + allowance, shares - minted - allowance);
        _announce(1, 100 ether, shares);
        uint256 unbacked = shares - minted - allowance;
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, unbacked);
        assertEq(ledger.spoke(SPOKE_EID).lateOwedShares, 0, "an implausible claim is owed by hub stakers");
        assertEq(ledger.reserveShares(), 0);
        assertLe((rate - trETH.getRate()) * 10_000, rate * trETH.instantExitFeeBps());
        _assertSharesAccounted();

        vm.expectRevert(IBackingLedger.BackingLedger_ZeroAmount.selector);
        ledger.coverUnbacked(SPOKE_EID);

        // A long landing of the same batch fills the reserve; anyone may then cover.
        _land(1, 103 ether);
        assertGe(ledger.reserveShares(), unbacked);
        vm.expectEmit(address(ledger));
        emit IBackingLedger.UnbackedCovered(SPOKE_EID, unbacked);
        vm.prank(stranger);
        assertEq(ledger.coverUnbacked(SPOKE_EID), unbacked);
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 0);
        assertEq(ledger.totalUnbacked(), 0);
        _assertSharesAccounted();
    }

    /// @dev However many late batches arrive between two reports, together they lower the rate by
    ///      at most an instant exit's fee; the next report sets a new floor.
    function test_lateBatch_dilutionBoundedPerReport_succeeds() public {
        uint256 rate = trETH.getRate();
        for (uint64 id = 1; id <= 4; ++id) {
            _announce(id, 1000 ether, trETH.previewDeposit(1010 ether));
        }
        (, uint256 floor) = ledger.lateDilutionFloor();
        assertGe(trETH.getRate(), floor, "diluted below the floor");
        assertLt(trETH.getRate(), floor + floor / 1e12, "the floor was not reached");
        assertEq(floor, rate * (10_000 - trETH.instantExitFeeBps()) / 10_000);
        uint256 unbacked = ledger.totalUnbacked();
        assertGt(unbacked, 0, "the batches past the floor were backed anyway");
        // All of it is plausibly late (each batch within its 1%): owed, not written off.
        assertApproxEqAbs(ledger.spoke(SPOKE_EID).lateOwedShares, unbacked, 4);
        vm.expectRevert(IBackingLedger.BackingLedger_ZeroAmount.selector);
        ledger.coverUnbacked(SPOKE_EID); // this period's floor is reached

        // While the debt is owed the floor does not fall: a report without gains leaves no room.
        vm.warp(block.timestamp + 1 days);
        _reportRewards(0);
        vm.expectRevert(IBackingLedger.BackingLedger_ZeroAmount.selector);
        ledger.coverUnbacked(SPOKE_EID);
        (, uint256 anchored) = ledger.lateDilutionFloor();
        assertEq(anchored, floor, "the floor fell while late debt is owed");

        // Later reports' gains pay it: anyone covers, and the rate never goes under the first floor.
        for (uint256 i; i < 20 && ledger.totalUnbacked() > 0; ++i) {
            vm.warp(block.timestamp + 1 days);
            _reportRewards(trETH.totalPooledEther() / 200);
            vm.prank(stranger);
            ledger.coverUnbacked(SPOKE_EID);
            assertGe(trETH.getRate(), floor, "late debt diluted under the episode's floor");
            _assertSharesAccounted();
        }
        assertEq(ledger.totalUnbacked(), 0, "late debt not paid off");
        assertEq(ledger.spoke(SPOKE_EID).lateOwedShares, 0);
    }

    /// @dev A batch that brings no ETH is not late, whatever it claims: only the reserve backs it,
    ///      never the pool's deferred shares, and the rest is unbacked (a halt can follow).
    function test_zeroAssetClaim_notBackedByDeferredShares_succeeds() public {
        _reportRewards(trETH.totalPooledEther() / 50);
        uint256 deferred = trETH.deferredShares();
        assertGt(deferred, 1 ether);
        _announce(1, 0, 1 ether);
        assertEq(trETH.deferredShares(), deferred, "deferred gains backed a claim with no ETH");
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 1 ether);
        assertEq(ledger.spoke(SPOKE_EID).lateOwedShares, 0);
        _assertSharesAccounted();
    }

    /// @dev Attack: an attacker who sees late batches coming exits instantly before they are
    ///      delivered and deposits again after, to dodge their dilution. The exit fee costs at least
    ///      what the dilution saves (it is at most the fee per report): the attacker ends with no more
    ///      shares than it held, while a holder who did nothing keeps all of them.
    function test_lateBatch_exitBeforeDilution_doesNotPay_succeeds() public {
        address attacker = makeAddr("attacker");
        vm.deal(attacker, 50 ether);
        vm.prank(attacker);
        uint256 held = trETH.depositETH{value: 50 ether}(attacker, 0);

        uint256 rateBefore = trETH.getRate();
        vm.prank(attacker);
        uint256 out = trETH.redeem(held, attacker, attacker);
        for (uint64 id = 1; id <= 4; ++id) {
            _announce(id, 1000 ether, trETH.previewDeposit(1010 ether));
        }
        assertLt(trETH.getRate(), rateBefore, "no dilution to dodge");
        vm.startPrank(attacker); // the exit paid WETH, the ERC-4626 asset
        weth.approve(address(trETH), out);
        uint256 back = trETH.deposit(out, attacker);
        vm.stopPrank();
        assertLe(back, held, "dodging the dilution paid");
    }

    /// @dev Attack: a holder who sees late batches coming queues its exit instead (no exit fee).
    ///      The queue pays the lower of the request-time and the finalization rate, so a request
    ///      finalized after the dilution is paid at the diluted rate: the queue is no way around it.
    function test_lateBatch_queuedExitBeforeDilution_paidDilutedRate_succeeds() public {
        address holder = makeAddr("holder");
        vm.deal(holder, 50 ether);
        vm.startPrank(holder);
        uint256 held = trETH.depositETH{value: 50 ether}(holder, 0);
        trETH.approve(address(queue), held);
        uint256 requestId = queue.requestWithdrawal(held, holder);
        vm.stopPrank();

        for (uint64 id = 1; id <= 4; ++id) {
            _announce(id, 1000 ether, trETH.previewDeposit(1010 ether));
        }
        uint256 dilutedRate = trETH.getRate();
        (, uint256 validators,, uint256 beacon) = trETH.beaconStats();
        _applyReport(_reportOf(validators, beacon, 0, requestId));
        assertGt(queue.getRequest(requestId).ethFinalized, 0, "not finalized");
        assertLe(queue.getRequest(requestId).ethFinalized, held * dilutedRate / 1e18, "the queue dodged the dilution");
    }

    /// @dev Reserve set aside for a recovered landing is not spent on another batch's shortfall.
    function test_lateBatch_keepsRecoveredSetAside_succeeds() public {
        _land(7, 10 ether);
        vm.prank(ledgerOwner);
        uint256 setAside = ledger.recoverLanded(SPOKE_EID, 7);
        _announce(1, 0, 1 ether);
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 1 ether, "the set-aside reserve backed another batch");
        assertEq(ledger.reserveShares(), setAside);
        _announce(7, 10 ether, _spokeShares(10 ether, SPOKE_FEE_BPS));
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 1 ether);
        _assertSharesAccounted();
    }

    /// @dev A batch's own bound on new shares, right after `minted` shares are credited for the
    ///      `eth` it brings: MAX_LATE_DILUTION_BPS of that ETH at the rate then.
    function _lagAllowance(uint256 eth, uint256 minted) internal view returns (uint256) {
        uint256 supply = trETH.totalSupply() + minted;
        return Math.mulDiv(eth * ledger.MAX_LATE_DILUTION_BPS(), supply, (trETH.totalPooledEther() + eth) * 10_000);
    }

    /// @dev A batch with no ETH is backed from the reserve at once (nothing will land to back it).
    function test_zeroAssetBatch_backedFromReserve_succeeds() public {
        _announce(1, 10 ether, _spokeShares(10 ether, 100));
        _announce(2, 0, 0.01 ether);
        _assertBatch(2, 0, 0.01 ether, 0, IBackingLedger.BatchStatus.Settled);
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 0);
        _assertSharesAccounted();
    }

    /// @dev The free reserve (the spoke fees that paid for in-transit ETH) goes to hub stakers: it
    ///      joins the pool's deferred shares. What covers unbacked supply stays.
    function test_releaseReserve_keepsUnbacked_succeeds() public {
        // A debt with no reserve: a batch that brings no ETH.
        _announce(1, 0, 1 ether);
        assertEq(ledger.reserveShares(), 0);
        assertEq(ledger.totalUnbacked(), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_ReserveTooSmall.selector, 1, 0));
        vm.prank(ledgerOwner);
        ledger.releaseReserve(1);

        // A long landing fills the reserve beyond the debt: only the excess is released.
        _announce(2, 50 ether, _spokeShares(50 ether, 0));
        _land(2, 60 ether);
        uint256 reserve = ledger.reserveShares();
        uint256 unbacked = ledger.totalUnbacked();
        assertEq(unbacked, 1 ether);
        assertGt(reserve, unbacked);
        uint256 free = reserve - unbacked;
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_ReserveTooSmall.selector, free + 1, free));
        vm.prank(ledgerOwner);
        ledger.releaseReserve(free + 1);

        uint256 deferred = trETH.deferredShares();
        vm.expectEmit(address(ledger));
        emit IBackingLedger.ReserveReleasedToStakers(free);
        vm.prank(ledgerOwner);
        ledger.releaseReserve(free);
        assertEq(trETH.deferredShares(), deferred + free, "not handed to stakers");
        assertEq(ledger.reserveShares(), unbacked, "the debt's part stays");

        // The next report burns them for the holders, within the per-report limit.
        uint256 rate = trETH.getRate();
        (, uint256 validators,, uint256 beacon) = trETH.beaconStats();
        _applyReport(_reportOf(validators, beacon, 0, 0));
        assertGt(trETH.getRate(), rate, "stakers got nothing");
        assertLt(trETH.deferredShares(), deferred + free);

        assertEq(ledger.coverUnbacked(SPOKE_EID), unbacked);
        assertEq(ledger.totalUnbacked(), 0);
        assertEq(ledger.reserveShares(), 0);
        _assertSharesAccounted();
    }

    function test_releaseReserve_notOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        ledger.releaseReserve(1);
    }

    function test_releaseReserve_zero_reverts() public {
        vm.expectRevert(IBackingLedger.BackingLedger_ZeroAmount.selector);
        vm.prank(ledgerOwner);
        ledger.releaseReserve(0);
    }

    // ------------------------------------------------------------------ recovery

    /// @dev A lost bridge transfer: the in-transit ETH stops counting, the reserve's shares worth it
    ///      burn, and ETH that still lands later joins the reserve instead of being refused.
    function test_writeOffBatch_inTransitNeverLands_succeeds() public {
        _announce(1, 10 ether, _spokeShares(10 ether, SPOKE_FEE_BPS));
        uint256 shares2 = _spokeShares(5 ether, SPOKE_FEE_BPS);
        _announce(2, 5 ether, shares2);
        uint256 pooled = trETH.totalPooledEther();
        uint256 reserve = ledger.reserveShares();
        uint256 worth = Math.mulDiv(5 ether, trETH.totalSupply(), pooled, Math.Rounding.Ceil);
        uint256 burned = Math.min(worth, reserve);

        // A drop the reserve may not cover must not be front-run: exits are paused first.
        vm.expectRevert(IBackingLedger.BackingLedger_InstantExitsOpen.selector);
        vm.prank(ledgerOwner);
        ledger.writeOffBatch(SPOKE_EID, 2);
        vm.prank(pauser);
        trETH.pauseInstantWithdrawals();

        vm.expectEmit(address(ledger));
        emit IBackingLedger.BatchWrittenOff(SPOKE_EID, 2, 5 ether, burned);
        vm.prank(ledgerOwner);
        ledger.writeOffBatch(SPOKE_EID, 2);

        _assertBatch(2, 5 ether, shares2, 0, IBackingLedger.BatchStatus.WrittenOff);
        assertEq(trETH.totalPooledEther(), pooled - 5 ether, "pooled ETH still overstated");
        assertEq(trETH.inTransitEther(), 10 ether);
        assertEq(ledger.totalInTransit(), 10 ether);
        assertEq(ledger.reserveShares(), reserve - burned);
        _assertSharesAccounted();

        vm.expectRevert(
            abi.encodeWithSelector(
                IBackingLedger.BackingLedger_InvalidBatchStatus.selector, SPOKE_EID, 2, IBackingLedger.BatchStatus.WrittenOff
            )
        );
        vm.prank(ledgerOwner);
        ledger.writeOffBatch(SPOKE_EID, 2);

        // It lands after all: the ETH is counted again, as reserve.
        uint256 reserveBefore = ledger.reserveShares();
        _land(2, 5 ether);
        assertEq(trETH.totalPooledEther(), pooled);
        assertGt(ledger.reserveShares(), reserveBefore);
        _assertBatch(2, 5 ether, shares2, 5 ether, IBackingLedger.BatchStatus.WrittenOff);
    }

    /// @dev A deferred batch never counted its ETH: writing it off backs its shares from the reserve.
    function test_writeOffBatch_deferred_backsFromReserve_succeeds() public {
        vm.prank(ledgerOwner);
        ledger.setSpoke(SPOKE_EID, bridge, 15 ether);
        _announce(1, 10 ether, _spokeShares(10 ether, SPOKE_FEE_BPS));
        _land(1, 10 ether);
        uint256 shares2 = 0.001 ether;
        _announce(2, 20 ether, shares2);
        _assertBatch(2, 20 ether, shares2, 0, IBackingLedger.BatchStatus.Deferred);
        uint256 pooled = trETH.totalPooledEther();

        vm.prank(ledgerOwner);
        ledger.writeOffBatch(SPOKE_EID, 2);
        _assertBatch(2, 20 ether, shares2, 0, IBackingLedger.BatchStatus.WrittenOff);
        assertEq(trETH.totalPooledEther(), pooled, "a deferred batch was never pooled");
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 0, "the reserve could cover it");
        _assertSharesAccounted();
    }

    function test_writeOffBatch_notOwnerOrWrongStatus_reverts() public {
        _announce(1, 10 ether, _spokeShares(10 ether, SPOKE_FEE_BPS));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        ledger.writeOffBatch(SPOKE_EID, 1);
        _land(1, 10 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBackingLedger.BackingLedger_InvalidBatchStatus.selector, SPOKE_EID, 1, IBackingLedger.BatchStatus.Settled
            )
        );
        vm.prank(ledgerOwner);
        ledger.writeOffBatch(SPOKE_EID, 1);
    }

    /// @dev ETH that landed for a message that never ran starts counting (and earning) as reserve;
    ///      the message, if it runs after all, is backed from that reserve.
    function test_recoverLanded_thenLateMessage_succeeds() public {
        _land(1, 10 ether);
        uint256 pooled = trETH.totalPooledEther();
        uint256 rate = trETH.getRate();
        uint256 minted = trETH.previewDeposit(10 ether);

        vm.expectEmit(address(ledger));
        emit IBackingLedger.LandedRecovered(SPOKE_EID, 1, 10 ether, minted);
        vm.prank(ledgerOwner);
        assertEq(ledger.recoverLanded(SPOKE_EID, 1), minted);
        assertEq(trETH.totalPooledEther(), pooled + 10 ether, "landed ETH still uncounted");
        assertGe(trETH.getRate(), rate);
        assertEq(ledger.reserveShares(), minted);
        _assertBatch(1, 0, minted, 10 ether, IBackingLedger.BatchStatus.Recovered);
        // The recovered shares are kept for the message: neither a release nor a cover spends them.
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_ReserveTooSmall.selector, 1, 0));
        vm.prank(ledgerOwner);
        ledger.releaseReserve(1);

        uint256 shares = _spokeShares(10 ether, SPOKE_FEE_BPS);
        _announce(1, 10 ether, shares);
        _assertBatch(1, 10 ether, shares, 10 ether, IBackingLedger.BatchStatus.Settled);
        assertEq(trETH.totalPooledEther(), pooled + 10 ether, "counted twice");
        assertEq(ledger.reserveShares(), minted - shares);
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, 0);
        _assertSharesAccounted();
    }

    function test_recoverLanded_notLandedOrNotOwner_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IBackingLedger.BackingLedger_InvalidBatchStatus.selector, SPOKE_EID, 1, IBackingLedger.BatchStatus.Unknown
            )
        );
        vm.prank(ledgerOwner);
        ledger.recoverLanded(SPOKE_EID, 1);
        _land(1, 10 ether);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        ledger.recoverLanded(SPOKE_EID, 1);
    }

    // ------------------------------------------------------------------ halt

    function test_haltSpoke_belowThreshold_reverts() public {
        _announce(1, 0, UNBACKED_THRESHOLD); // exactly at the threshold: not over it
        assertEq(ledger.spoke(SPOKE_EID).unbackedShares, UNBACKED_THRESHOLD);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBackingLedger.BackingLedger_BelowHaltThreshold.selector, UNBACKED_THRESHOLD, UNBACKED_THRESHOLD
            )
        );
        ledger.quoteHalt(SPOKE_EID);
        vm.deal(stranger, 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBackingLedger.BackingLedger_BelowHaltThreshold.selector, UNBACKED_THRESHOLD, UNBACKED_THRESHOLD
            )
        );
        vm.prank(stranger);
        ledger.haltSpoke{value: 1 ether}(SPOKE_EID);
    }

    function test_haltSpoke_overThreshold_anyonePaysAndSpokeReceives_succeeds() public {
        uint256 unbacked = UNBACKED_THRESHOLD + 1;
        _announce(1, 0, unbacked);
        uint256 fee = ledger.quoteHalt(SPOKE_EID);
        assertGt(fee, 0);
        vm.deal(stranger, fee + 1 ether);

        vm.expectEmit(true, true, false, false, address(ledger));
        emit IBackingLedger.SpokeHaltSent(SPOKE_EID, unbacked, bytes32(0));
        vm.prank(stranger);
        bytes32 guid = ledger.haltSpoke{value: fee + 1 ether}(SPOKE_EID);
        assertTrue(guid != bytes32(0));
        assertEq(stranger.balance, 1 ether, "excess fee not refunded");

        verifyPackets(SPOKE_EID, addressToBytes32(address(spokePeer)));
        assertEq(spokePeer.halts(), 1);
        assertEq(spokePeer.haltedWith(), unbacked);
    }

    function test_haltSpoke_feeTooLow_reverts() public {
        _announce(1, 0, UNBACKED_THRESHOLD + 1);
        uint256 fee = ledger.quoteHalt(SPOKE_EID);
        vm.deal(stranger, fee);
        vm.expectRevert();
        vm.prank(stranger);
        ledger.haltSpoke{value: fee - 1}(SPOKE_EID);
    }

    /// @dev The fee refund is the only call the ledger makes to an arbitrary address; reentering
    ///      from it fails the whole halt.
    function test_haltSpoke_reentrantRefund_reverts() public {
        _announce(1, 0, UNBACKED_THRESHOLD + 1);
        uint256 fee = ledger.quoteHalt(SPOKE_EID);
        ReentrantHalter halter = new ReentrantHalter(ledger, SPOKE_EID);
        vm.deal(address(halter), fee + 1 ether);
        vm.expectRevert();
        halter.halt(fee + 1 ether);
        assertEq(halter.reentered(), false);
    }

    // ------------------------------------------------------------------ attacks and bad input

    function test_lzReceive_forgedPeer_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IOAppCore.OnlyPeer.selector, SPOKE_EID, addressToBytes32(stranger))
        );
        _deliverRaw(SPOKE_EID, stranger, _batchMessage(1, 1 ether, 1 ether));
    }

    function test_lzReceive_notEndpoint_reverts() public {
        Origin memory origin = Origin(SPOKE_EID, addressToBytes32(address(spokePeer)), 1);
        vm.expectRevert(abi.encodeWithSelector(OAppReceiver.OnlyEndpoint.selector, stranger));
        vm.prank(stranger);
        ledger.lzReceive(origin, bytes32(0), _batchMessage(1, 1 ether, 1 ether), address(0), "");
    }

    function test_lzReceive_haltType_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_InvalidMessage.selector, BatchMessage.HALT));
        _deliverRaw(SPOKE_EID, address(spokePeer), BatchMessage.encodeHalt(1));
    }

    /// @dev A peer set before `setSpoke`: the message reverts (and stays retryable on the
    ///      endpoint); once configured, the same message goes through.
    function test_lzReceive_unknownSpoke_revertsThenRetrySucceeds() public {
        uint32 eid = 9;
        address peer = makeAddr("peer9");
        vm.prank(ledgerOwner);
        ledger.setPeer(eid, addressToBytes32(peer));
        Origin memory origin = Origin(eid, addressToBytes32(peer), 1);
        bytes memory message = _batchMessage(1, 1 ether, 0.5 ether);

        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_UnknownSpoke.selector, eid));
        vm.prank(endpoints[HUB_EID]);
        ledger.lzReceive(origin, bytes32(0), message, address(0), "");

        vm.prank(ledgerOwner);
        ledger.setSpoke(eid, bridge, MAX_IN_TRANSIT);
        vm.prank(endpoints[HUB_EID]);
        ledger.lzReceive(origin, bytes32(0), message, address(0), "");
        assertEq(uint8(ledger.batch(eid, 1).status), uint8(IBackingLedger.BatchStatus.InTransit));
    }

    function test_lzReceive_duplicateBatch_ignored_succeeds() public {
        _announce(1, 2 ether, 1 ether);
        uint256 supply = trETH.totalSupply();
        IBackingLedger.Spoke memory before = ledger.spoke(SPOKE_EID);
        vm.expectEmit(address(ledger));
        emit BackingLedger.DuplicateBatchIgnored(SPOKE_EID, 1);
        _announce(1, 2 ether, 1 ether);
        assertEq(trETH.totalSupply(), supply);
        assertEq(abi.encode(ledger.spoke(SPOKE_EID)), abi.encode(before));
    }

    function test_receiveBatchETH_wrongReceiver_reverts() public {
        vm.deal(stranger, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_NotBridgeReceiver.selector, SPOKE_EID, stranger));
        vm.prank(stranger);
        ledger.receiveBatchETH{value: 1 ether}(SPOKE_EID, 1);
    }

    /// @dev Another spoke's receiver cannot land for this spoke, and nobody can for an unknown one.
    function test_receiveBatchETH_otherSpokeOrUnknown_reverts() public {
        address other = makeAddr("otherReceiver");
        vm.prank(ledgerOwner);
        ledger.setSpoke(7, other, MAX_IN_TRANSIT);
        vm.deal(other, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_NotBridgeReceiver.selector, SPOKE_EID, other));
        vm.prank(other);
        ledger.receiveBatchETH{value: 1 ether}(SPOKE_EID, 1);

        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_NotBridgeReceiver.selector, 42, bridge));
        vm.prank(bridge);
        ledger.receiveBatchETH{value: 1 ether}(42, 1);
    }

    function test_receiveBatchETH_duplicate_reverts() public {
        _announce(1, 1 ether, 0.9 ether);
        _land(1, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_DuplicateLanding.selector, SPOKE_EID, 1));
        _land(1, 1 ether);

        _land(2, 1 ether); // ETH first
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_DuplicateLanding.selector, SPOKE_EID, 2));
        _land(2, 1 ether);
    }

    function test_receiveBatchETH_zero_reverts() public {
        vm.expectRevert(IBackingLedger.BackingLedger_ZeroAmount.selector);
        _land(1, 0);
    }

    // ------------------------------------------------------------------ fuzz: the rate never moves

    /// @dev Any arrival order, cap and landing at least the announced amount: no batch operation
    ///      moves the rate beyond rounding in the pool's favour, and every spoke share is locked or
    ///      recorded unbacked.
    function testFuzz_batch_anyOrder_rateUnchanged_succeeds(
        uint256 assets,
        uint256 feeBps,
        uint256 extra,
        uint256 order,
        uint128 cap
    ) public {
        assets = bound(assets, 1, 5_000 ether);
        feeBps = bound(feeBps, 0, 500);
        extra = bound(extra, 0, 10 ether);
        vm.prank(ledgerOwner);
        ledger.setSpoke(SPOKE_EID, bridge, cap);
        uint256 shares = _spokeShares(assets, feeBps);
        uint256 rate = trETH.getRate();

        if (order % 2 == 0) {
            _announce(1, assets, shares);
            _assertRateKept(rate, 1);
            _land(1, assets + extra);
        } else {
            _land(1, assets + extra);
            _assertRateKept(rate, 0);
            _announce(1, assets, shares);
        }
        _assertRateKept(rate, 2);
        assertEq(uint8(ledger.batch(SPOKE_EID, 1).status), uint8(IBackingLedger.BatchStatus.Settled));
        assertEq(trETH.inTransitEther(), 0);
        assertEq(address(ledger).balance, 0);
        _assertSharesAccounted();
    }

    function _assertRateKept(uint256 before, uint256 tolerance) internal view {
        uint256 rate = trETH.getRate();
        assertGe(rate, before, "rate fell");
        assertLe(rate - before, tolerance, "rate rose beyond rounding");
    }
}

interface Ownable2StepLike {
    function acceptOwnership() external;
}

/// @dev Pays a halt with a surplus and tries to halt again from the refund.
contract ReentrantHalter {
    BackingLedger internal immutable ledger;
    uint32 internal immutable eid;
    bool public reentered;

    constructor(BackingLedger ledger_, uint32 eid_) {
        ledger = ledger_;
        eid = eid_;
    }

    function halt(uint256 value) external {
        ledger.haltSpoke{value: value}(eid);
    }

    receive() external payable {
        ledger.haltSpoke{value: msg.value}(eid);
        reentered = true;
    }
}
