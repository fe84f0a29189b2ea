// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {console} from "forge-std/console.sol";
import {PlannedSystemBase} from "../crosschain/PlannedSystemBase.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {IBackingLedger} from "../../src/shared/interfaces/IBackingLedger.sol";
import {CrossChainSupplyHandler, ICrossChainHarness} from "./handlers/CrossChainSupplyHandler.sol";

/// @dev Cross-chain supply conservation (XC-1..XC-5 in PROPERTIES.md) over the devnet's system as
///      the deploy plan builds it (PlannedSystemBase): hub + alpha + beta in one EVM, LayerZero's
///      EndpointV2/ULN302 with both DVNs, the real BackingLedger, the devnet bridge, the OFT mesh and
///      the plan's sanity limits, fees and economics. The handler bounds its inputs and expects the
///      refusals it provokes, so any other revert (a refused report, an under-gassed BATCH, a
///      landing the ledger rejects) fails the run.
/// forge-config: default.invariant.fail-on-revert = true
/// forge-config: ci.invariant.fail-on-revert = true
contract CrossChainSupplyInvariantTest is PlannedSystemBase {
    uint256 internal constant HALT_THRESHOLD = 0.05 ether;
    /// @dev More than a run can land: the plan funds the bridge with 1,000 ETH, a run deposits more.
    uint256 internal constant BRIDGE_TOP_UP = 100_000 ether;
    CrossChainSupplyHandler internal handler;
    /// @dev The LocalBridgeHub's liquidity once topped up: what it paid out is measured from here.
    uint256 internal bridgeLiquidity;

    function setUp() public override {
        super.setUp();
        _pushRate(alpha);
        _pushRate(beta);
        // Alpha's in-transit cap is low enough for some batches to be deferred; beta keeps the
        // deployed value.
        _prankOwner(address(ledger));
        ledger.setSpoke(ALPHA_EID, address(hubBridge), 60 ether);
        // A halt threshold small enough for the shortfalls of a run to cross it.
        _prankOwner(address(ledger));
        ledger.setUnbackedThreshold(HALT_THRESHOLD);
        // Anyone may fund the bridge's liquidity.
        vm.deal(address(this), address(this).balance + BRIDGE_TOP_UP);
        hubBridge.fund{value: BRIDGE_TOP_UP}();
        bridgeLiquidity = address(hubBridge).balance;

        CrossChainSupplyHandler.Deployment memory d;
        d.harness = ICrossChainHarness(address(this));
        d.trETH = trETH;
        d.ledger = ledger;
        d.hubBridge = hubBridge;
        d.broadcaster = broadcaster;
        (d.batchGas,) = _enforcedGas(address(alpha.pool), HUB_EID, alpha.pool.MSG_BATCH());
        (uint256 betaBatchGas,) = _enforcedGas(address(beta.pool), HUB_EID, beta.pool.MSG_BATCH());
        assertEq(betaBatchGas, d.batchGas, "the spokes enforce different BATCH gas");
        d.unbackedThreshold = HALT_THRESHOLD;
        d.maxLossBps = vm.parseJsonUint(vm.readFile("config/wiring.json"), ".oracle.sanityLimits.maxBalanceDecreaseBps");
        d.chains[0] = CrossChainSupplyHandler.Link(HUB_EID, address(adapter));
        d.chains[1] = CrossChainSupplyHandler.Link(ALPHA_EID, address(alpha.token));
        d.chains[2] = CrossChainSupplyHandler.Link(BETA_EID, address(beta.token));
        d.pools[1] = alpha.pool;
        d.pools[2] = beta.pool;
        d.receivers[1] = address(alpha.receiver);
        d.receivers[2] = address(beta.receiver);
        handler = new CrossChainSupplyHandler(d);
        targetContract(address(handler));
    }

    function _pending(SpokePool pool) internal view returns (uint256 shares) {
        (shares,) = pool.pending();
    }

    /// @notice XC-1 (the issue's statement): spoke trETH, counted with what is in flight from the
    ///         spokes, never exceeds what backs it: the hub lockbox, the shares still on their way to
    ///         being backed (pending on a spoke, or in a batch sent but not yet backed), and the
    ///         recorded unbacked shares.
    ///         XC-1 exact: lockbox + pending + sent-not-backed + unbacked == spoke supply + trETH in
    ///         flight from the spokes (to the hub or the other spoke) + trETH in flight from the hub
    ///         (locked on send, not yet credited); the inequality is this with the last term >= 0.
    function invariant_XC1_supplyConserved() public view {
        uint256 spokeSupply = alpha.token.totalSupply() + beta.token.totalSupply();
        uint256 realBacking = trETH.balanceOf(address(adapter)) + _pending(alpha.pool) + _pending(beta.pool)
            + handler.sentNotBacked();
        // Recorded unbacked shares are a deficit, not backing. Owed late debt (a late batch's gap the
        // report period's floor held back, paid by later periods) is the only one allowed, unless
        // some batch came later than the 1% bound (XC-2 says those are their only sources).
        uint256 deficit = handler.lateBeyondBounds()
            ? ledger.totalUnbacked()
            : ledger.spoke(ALPHA_EID).lateOwedShares + ledger.spoke(BETA_EID).lateOwedShares;
        assertLe(spokeSupply + handler.inFlightFromSpokes(), realBacking + deficit, "XC-1: spoke supply exceeds backing");
        uint256 backing = realBacking + ledger.totalUnbacked();
        assertEq(
            spokeSupply + handler.inFlightFromSpokes() + handler.inFlightFromHub(), backing, "XC-1: identity broken"
        );
    }

    /// @notice XC-2: a late batch (the hub rate rose past the spoke fee between its pricing and its
    ///         backing) is backed in full by the reserve, the pool's deferred shares or bounded new
    ///         shares. Per step: a batch backed within the ledger's bounds (lateness under the fee
    ///         plus MAX_LATE_DILUTION_BPS, the period's dilution floor not reached) never adds
    ///         unbacked shares. Globally: if no batch ever came later than that, nothing is unbacked.
    ///         Also: every spoke share the ledger was told of is locked, recorded unbacked, or in a
    ///         Deferred batch (announced over the cap, backed when its ETH lands).
    function invariant_XC2_lateBatchesFullyBacked() public view {
        assertFalse(handler.unbackedWithinBounds(), "XC-2: unbacked shares within the late-batch bounds");
        assertFalse(handler.coverMisbehaved(), "XC-2: coverUnbacked failed or diluted under the floor");
        uint32[3] memory eids = [HUB_EID, ALPHA_EID, BETA_EID];
        uint256[3] memory deferred;
        uint256 n = handler.batchCount();
        for (uint256 i; i < n; ++i) {
            CrossChainSupplyHandler.BatchGhost memory g = handler.batchAt(i);
            IBackingLedger.Batch memory b = ledger.batch(eids[g.spoke], g.batchId);
            if (b.status == IBackingLedger.BatchStatus.Deferred) deferred[g.spoke] += b.shares;
        }
        uint256 unbacked;
        for (uint256 i = 1; i <= 2; ++i) {
            IBackingLedger.Spoke memory s = ledger.spoke(eids[i]);
            assertEq(
                uint256(s.backedShares) + s.unbackedShares + deferred[i],
                s.mintedShares,
                "XC-2: minted != backed + unbacked + deferred"
            );
            unbacked += s.unbackedShares;
            if (!handler.lateBeyondBounds()) {
                assertEq(s.unbackedShares, s.lateOwedShares, "XC-2: unbacked that is not owed late debt");
            }
            assertLe(s.lateOwedShares, s.unbackedShares, "XC-2: late debt over unbacked");
        }
        assertEq(ledger.totalUnbacked(), unbacked, "XC-2: totalUnbacked != sum");
    }

    /// @notice XC-3: ETH is conserved. Spokes: ETH deposited == ETH held by the pool + ETH escrowed
    ///         in its LocalSpokeBridge (== ETH of the batches it synced). Hub: TrETH's in-transit ETH
    ///         == the sum of the ledger's per-spoke inTransit == the assets of batches InTransit; ETH
    ///         landed per spoke == the ledger's landedAssets == the sum of per-batch landings == what
    ///         the LocalBridgeHub paid out of its liquidity.
    function invariant_XC3_ethConserved() public view {
        Spoke[2] memory spokes = [alpha, beta];
        uint256 ledgerInTransit;
        uint256[3] memory batchInTransit;
        uint256[3] memory batchLanded;
        uint256 n = handler.batchCount();
        for (uint256 i; i < n; ++i) {
            CrossChainSupplyHandler.BatchGhost memory g = handler.batchAt(i);
            IBackingLedger.Batch memory b = ledger.batch(spokes[g.spoke - 1].eid, g.batchId);
            if (b.status == IBackingLedger.BatchStatus.InTransit) batchInTransit[g.spoke] += b.assets;
            batchLanded[g.spoke] += b.landed;
            assertEq(b.landed, g.landed ? g.assets : 0, "XC-3: batch landing");
        }
        for (uint256 i; i < 2; ++i) {
            Spoke memory sp = spokes[i];
            assertEq(
                handler.deposited(i + 1),
                address(sp.pool).balance + address(sp.bridge).balance,
                "XC-3: spoke ETH not conserved"
            );
            assertEq(address(sp.bridge).balance, handler.bridged(i + 1), "XC-3: bridge escrow");
            IBackingLedger.Spoke memory s = ledger.spoke(sp.eid);
            ledgerInTransit += s.inTransit;
            assertEq(s.inTransit, batchInTransit[i + 1], "XC-3: spoke inTransit != in-transit batches");
            assertEq(s.landedAssets, handler.landed(i + 1), "XC-3: landed");
            assertEq(s.landedAssets, batchLanded[i + 1], "XC-3: landed != sum of batch landings");
        }
        assertEq(trETH.inTransitEther(), ledgerInTransit, "XC-3: TrETH inTransit != ledger");
        assertEq(ledger.totalInTransit(), ledgerInTransit);
        assertEq(bridgeLiquidity - address(hubBridge).balance, handler.totalLanded(), "XC-3: bridge payouts");
    }

    /// @notice XC-5: minting on a spoke at its freshest rate right before a report never buys more
    ///         hub value than the ETH paid (the spoke fee exceeds the largest per-report move).
    function invariant_XC5_mintBeforeReportNeverProfits() public view {
        assertFalse(handler.minterProfited(), "XC-5: spoke mint before a report profited");
    }

    /// @notice XC-4: no batch operation (BATCH execution, landing) raises the hub rate beyond the
    ///         rounding of a mint in the pool's favour (1 wei), and only backing a late batch lowers
    ///         it, never under the floor of its report period (an exit fee under the rate).
    function invariant_XC4_batchesKeepRate() public view {
        assertFalse(handler.batchMovedRate(), "XC-4: a batch moved the hub rate");
    }

    function afterInvariant() external view {
        console.log("calls: depositSpoke", handler.calls(CrossChainSupplyHandler.depositSpoke.selector));
        console.log("       depositHub", handler.calls(CrossChainSupplyHandler.depositHub.selector));
        console.log("       sync", handler.calls(CrossChainSupplyHandler.sync.selector));
        console.log("       deliverBatches", handler.calls(CrossChainSupplyHandler.deliverBatches.selector));
        console.log("       land", handler.calls(CrossChainSupplyHandler.land.selector));
        console.log("       sendOft", handler.calls(CrossChainSupplyHandler.sendOft.selector));
        console.log("       deliverOft", handler.calls(CrossChainSupplyHandler.deliverOft.selector));
        console.log("       report", handler.calls(CrossChainSupplyHandler.report.selector));
        console.log("       stake", handler.calls(CrossChainSupplyHandler.stake.selector));
        console.log("batches", handler.batchCount(), "backed", handler.batchesBacked());
        console.log("deferred", handler.batchesDeferred(), "landed first", handler.landingsFirst());
        console.log("refused deposits", handler.refusedDeposits(), "halts", handler.haltsSent());
        console.log("refused stakes", handler.refusedStakes());
        console.log("hub credits waiting for backing", handler.hubCreditsWaiting());
        console.log("unbacked", ledger.totalUnbacked(), "late beyond bounds", handler.lateBeyondBounds());
        console.log("batches past their fee", handler.batchesPastFee(), "diluting", handler.batchesDiluting());
        console.log("late batches sent", handler.lateBatches(), "covers paid", handler.coversPaid());
        console.log("max batch rate delta", handler.maxBatchRateDelta());
    }
}
