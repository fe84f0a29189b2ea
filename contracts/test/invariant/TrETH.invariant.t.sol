// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {HubFixture} from "../hub/harness/HubFixture.sol";
import {TrETHHandler} from "./handlers/TrETHHandler.sol";
import {IOracleReportSanityChecker} from "../../src/shared/interfaces/IOracleReportSanityChecker.sol";

/// @dev Properties in PROPERTIES.md. The handler drives deposits (ETH and WETH), instant
///      withdrawals, queue requests and claims, staking and oracle reports with rewards and losses.
///      Reports go through the real sanity checker; fail-on-revert makes a refused report fail the
///      run instead of being dropped.
/// forge-config: default.invariant.fail-on-revert = true
/// forge-config: ci.invariant.fail-on-revert = true
contract TrETHInvariantTest is HubFixture {
    TrETHHandler internal handler;

    function setUp() public {
        _deployHub(1 ether, 1000, 5000);
        _addOperator("opA", 40);
        _addOperator("opB", 40);
        _addOperator("opC", 40);
        vm.prank(hubAdmin);
        registry.setMaxOperatorShare(5000);

        address[] memory holders = new address[](4);
        holders[0] = treasury;
        holders[1] = makeAddr("opA");
        holders[2] = makeAddr("opB");
        holders[3] = makeAddr("opC");
        handler = new TrETHHandler(trETH, weth, queue, oracle, keeper, holders);
        // The shipped rise limit and exit fee, so reports defer and releases happen in most runs;
        // the other limits stay wide so the handler's +1% / -2% moves pass.
        checker.setLimits(IOracleReportSanityChecker.Limits(10_000, 750_000, 10_000, type(uint32).max, type(uint32).max));
        uint16 exitFee = trETH.DEFAULT_INSTANT_EXIT_FEE_BPS();
        vm.prank(hubAdmin);
        trETH.setInstantExitFee(exitFee);
        vm.prank(hubAdmin);
        trETH.setBackingLedger(address(handler));
        targetContract(address(handler));
    }

    /// @notice P1: pooled ETH is exactly buffer + beacon balance + unseen deposits + spoke batch ETH
    ///         in transit, and covers the ETH value of every share at the rate.
    function invariant_solvency() public view {
        (uint256 deposited, uint256 seen,, uint256 beacon) = trETH.beaconStats();
        uint256 pooled = trETH.totalPooledEther();
        assertEq(
            pooled,
            trETH.bufferedEther() + beacon + (deposited - seen) * 32 ether + trETH.inTransitEther(),
            "pooled != parts"
        );
        assertLe(Math.mulDiv(trETH.totalSupply(), trETH.getRate(), 1e18), pooled, "shares worth more than pool");
    }

    /// @notice P2: the pool really holds its buffer; staked ETH really sits in the deposit contract.
    function invariant_bufferBacked() public view {
        assertGe(address(trETH).balance, trETH.bufferedEther(), "buffer not backed");
        (uint256 deposited,,,) = trETH.beaconStats();
        assertEq(address(depositContract).balance, deposited * 32 ether);
    }

    /// @notice P3: the rate falls only on a report with a loss.
    function invariant_rateFallsOnlyOnLoss() public view {
        assertFalse(handler.rateFellWithoutLoss());
    }

    /// @notice P4: a deposit followed by a redeem never returns more than it put in.
    function invariant_noFreeMint() public view {
        assertFalse(handler.freeMint());
    }

    /// @notice P5: fee holders gain at most feeBps of each report's rewards.
    function invariant_feeBounded() public view {
        assertFalse(handler.feeOverBound());
    }

    /// @notice P6: finalized, unclaimed requests are fully funded in the queue.
    function invariant_queueFunded() public view {
        assertGe(address(queue).balance, queue.lockedEther());
    }

    /// @notice P9: no report moves the rate up by more than the limit, whatever its cause (rewards,
    ///         a vault donation, finalizing requests priced below the rate, fees).
    function invariant_rateRiseBoundedPerReport() public view {
        assertFalse(handler.rateJumped());
    }

    /// @notice P10: depositing right before a report and exiting right after never beats holding.
    function invariant_jitNeverBeatsPassive() public view {
        assertFalse(handler.jitBeatPassive());
    }

    /// @notice P8: the in-transit ETH is exactly what was credited and not yet settled or written off.
    function invariant_inTransitTracked() public view {
        assertEq(trETH.inTransitEther(), handler.ghostInTransit());
    }

    /// @notice P7: the buffer never pays instant withdrawals out of what queued requests need.
    function invariant_liquidityRespectsQueue() public view {
        assertLe(trETH.availableLiquidity(), trETH.bufferedEther());
    }
}
