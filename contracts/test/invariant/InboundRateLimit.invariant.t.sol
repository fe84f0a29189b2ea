// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PlannedSystemBase} from "../crosschain/PlannedSystemBase.sol";
import {IInboundRateLimiter} from "../../src/shared/interfaces/IInboundRateLimiter.sol";
import {InboundRateLimitHandler} from "./handlers/InboundRateLimitHandler.sol";

/// @dev The hub lockbox's inbound limit under honest credits, forged over-limit bursts, releases
///      of any credit at any time (repeated, out of order, racing the refill), guardian pauses,
///      strangers trying to unpause and the owner cancelling forged credits (INB-1..INB-5 in
///      PROPERTIES.md). The handler expects the refusals it provokes; any other revert fails the run.
/// forge-config: default.invariant.fail-on-revert = true
/// forge-config: ci.invariant.fail-on-revert = true
contract InboundRateLimitInvariantTest is PlannedSystemBase {
    uint88 internal constant LIMIT = 10 ether;
    uint32 internal constant WINDOW = 1 days;

    InboundRateLimitHandler internal handler;
    uint256 internal start;

    function setUp() public override {
        super.setUp();
        IInboundRateLimiter.InboundLimitConfig[] memory configs = new IInboundRateLimiter.InboundLimitConfig[](1);
        configs[0] = IInboundRateLimiter.InboundLimitConfig(ALPHA_EID, LIMIT, WINDOW);
        _prankOwner(address(adapter));
        adapter.setInboundLimits(configs);
        // The lockbox holds more than any run can release.
        vm.deal(alice, 5_001 ether);
        _hubShares(alice, 5_000 ether);
        vm.prank(alice);
        trETH.transfer(address(adapter), 5_000 ether);

        handler = new InboundRateLimitHandler(
            InboundRateLimitHandler.Deployment(
                address(adapter),
                trETH,
                address(_endpointOf(HUB_EID)),
                ALPHA_EID,
                _toBytes32(address(alpha.token)),
                // The plan's owner and pause key of the lockbox.
                _contract("hub", "Timelock"),
                adapter.guardian()
            )
        );
        targetContract(address(handler));
        start = block.timestamp;
    }

    /// @dev INB-1: over any run the lockbox pays at most one limit, plus the limit per window
    ///      elapsed, however large the credits (forged ones included) are.
    function invariant_paysWithinLimit() external view {
        uint256 bound_ = LIMIT + uint256(LIMIT) * (block.timestamp - start) / WINDOW;
        assertLe(handler.paid(), bound_, "lockbox paid past its inbound limit");
    }

    /// @dev INB-2: every credit is paid at most once, and nothing is paid while paused.
    function invariant_exactlyOnce() external view {
        assertFalse(handler.overpaid(), "a credit was paid more than its amount");
        assertFalse(handler.paidWhilePaused(), "paid while releases were paused");
    }

    /// @dev INB-3: every credit received is paid, still parked, or cancelled by the owner.
    function invariant_creditsConserved() external view {
        assertEq(handler.credited(), handler.paid() + _parked() + handler.cancelled(), "a credit went missing");
    }

    /// @dev INB-4: only the owner unpauses.
    function invariant_onlyOwnerUnpauses() external view {
        assertFalse(handler.strangerUnpaused(), "a stranger unpaused releases");
    }

    function _parked() internal view returns (uint256 total) {
        uint256 n = handler.guidCount();
        for (uint256 i; i < n; ++i) {
            IInboundRateLimiter.ParkedCredit memory c = adapter.parkedCredit(handler.guids(i));
            if (c.status == IInboundRateLimiter.ParkedStatus.Parked) total += uint256(c.amountSD - c.paidSD) * 1e12;
        }
    }

    /// @dev INB-5, no stranding: once the owner unpauses (and drops the forged credits), every
    ///      credit still parked is released in order, each no later than its window and its hold allow.
    function afterInvariant() external {
        address timelock = _contract("hub", "Timelock");
        vm.prank(timelock);
        adapter.unpauseReleases();
        uint256 n = handler.guidCount();
        for (uint256 i; i < n; ++i) {
            bytes32 guid = handler.guids(i);
            if (handler.forgedOf(guid) && adapter.parkedCredit(guid).status == IInboundRateLimiter.ParkedStatus.Parked) {
                vm.prank(timelock);
                adapter.cancelParked(guid);
            }
        }
        uint256 honestBefore = trETH.balanceOf(handler.honest());
        uint256 waiting = _parked();
        // Honest credits are under two limits: at most two installments each.
        for (uint256 i; i <= 2 * n; ++i) {
            bytes32 next = adapter.nextParked(ALPHA_EID);
            if (next == bytes32(0)) break;
            (,, uint256 inFlight,,) = adapter.inboundCapacity(ALPHA_EID);
            uint256 at = adapter.releasableAt(next);
            // Due once what is in flight decays, or once its window-long hold ends.
            uint256 refilled = block.timestamp + (inFlight * WINDOW) / LIMIT + 1;
            uint256 held = uint256(adapter.parkedCredit(next).parkedAt) + WINDOW;
            assertLe(at, refilled > held ? refilled : held, "next credit waits past its window");
            vm.warp(at);
            adapter.releaseParked(next);
        }
        assertEq(adapter.nextParked(ALPHA_EID), bytes32(0), "credits stranded");
        assertEq(trETH.balanceOf(handler.honest()) - honestBefore, waiting, "drained amount");
    }
}
