// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {
    IOFT,
    SendParam,
    MessagingFee,
    MessagingReceipt,
    OFTReceipt
} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";

import {TrETH} from "../../src/hub/TrETH.sol";
import {TrETHAdapter} from "../../src/hub/TrETHAdapter.sol";
import {RateBroadcaster} from "../../src/hub/RateBroadcaster.sol";
import {BackingLedger} from "../../src/hub/BackingLedger.sol";
import {LocalBridgeHub} from "../../src/local/LocalBridgeHub.sol";
import {TrETHOFT} from "../../src/spoke/TrETHOFT.sol";
import {RateReceiver} from "../../src/spoke/RateReceiver.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {LocalSpokeBridge} from "../../src/local/LocalSpokeBridge.sol";

/// @dev What the cross-chain suites do with a hub and two spokes (PlannedSystemBase replays them
///      from the deploy plan).
abstract contract CrossChainActions is Test {
    struct Spoke {
        uint32 eid;
        TrETHOFT token;
        RateReceiver receiver;
        SpokePool pool;
        LocalSpokeBridge bridge;
    }

    TrETHAdapter internal adapter;
    RateBroadcaster internal broadcaster;
    BackingLedger internal ledger;
    LocalBridgeHub internal hubBridge;
    Spoke internal alpha;
    Spoke internal beta;

    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    /// @dev The hub's trETH.
    function _hubToken() internal view virtual returns (TrETH);

    /// @dev Verifies and executes every in-flight rate update for `spoke`.
    function _deliver(Spoke memory spoke) internal virtual;

    // ---------------------------------------------------------------- rate path

    /// @dev Broadcasts the current hub rate to `spoke`, paying the quoted fee; it stays in flight.
    function _broadcast(Spoke memory spoke) internal returns (MessagingReceipt memory receipt) {
        MessagingFee memory fee = broadcaster.quoteBroadcast(spoke.eid);
        receipt = broadcaster.broadcast{value: fee.nativeFee}(spoke.eid);
    }

    /// @dev Broadcasts the hub rate to `spoke` and delivers it, so its pool prices at the hub rate.
    function _pushRate(Spoke memory spoke) internal {
        _broadcast(spoke);
        _deliver(spoke);
    }

    // ---------------------------------------------------------------- batch path

    /// @dev Sends the spoke's pending batch (paying the quoted fee); the BATCH packet stays in flight.
    function _sync(Spoke memory spoke) internal returns (uint64 batchId) {
        batchId = spoke.pool.sync{value: spoke.pool.quoteSync()}();
    }

    /// @dev The bridge's relayer lands `amount` for batch `batchId` of `spoke` through the LocalBridgeHub.
    function _land(Spoke memory spoke, uint64 batchId, uint256 amount) internal {
        vm.prank(hubBridge.relayer());
        hubBridge.deliver(spoke.eid, batchId, amount);
    }

    /// @dev The relayer lands exactly what the spoke's bridge escrowed for the batch.
    function _landBatch(Spoke memory spoke, uint64 batchId) internal {
        _land(spoke, batchId, ledger.batch(spoke.eid, batchId).assets);
    }

    // ---------------------------------------------------------------- token path

    /// @dev An address as LayerZero carries it (peers, senders, receivers).
    function _toBytes32(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    function _sendParam(uint32 dstEid, address to, uint256 amount) internal pure returns (SendParam memory) {
        return SendParam(dstEid, _toBytes32(to), amount, amount, "", "", "");
    }

    /// @dev Sends `amount` trETH from `from` on the chain of `oft` to `to` on `dstEid`, paying the quote.
    function _sendTokens(address oft, address from, uint32 dstEid, address to, uint256 amount)
        internal
        returns (MessagingReceipt memory msgReceipt, OFTReceipt memory oftReceipt)
    {
        SendParam memory param = _sendParam(dstEid, to, amount);
        MessagingFee memory fee = IOFT(oft).quoteSend(param, false);
        vm.prank(from);
        (msgReceipt, oftReceipt) = IOFT(oft).send{value: fee.nativeFee}(param, fee, from);
    }

    /// @dev Gives `user` hub trETH by depositing ETH, and lets the adapter pull it.
    function _hubShares(address user, uint256 assets) internal returns (uint256 shares) {
        TrETH trETH = _hubToken();
        vm.startPrank(user);
        shares = trETH.depositETH{value: assets}(user, 0);
        trETH.approve(address(adapter), type(uint256).max);
        vm.stopPrank();
    }

    /// @dev Every bridged spoke token is backed by hub trETH in the lockbox. (Tokens minted by a
    ///      SpokePool are backed by that pool's ETH instead, so tests using this mint none.)
    function _assertBacked() internal view {
        assertEq(
            alpha.token.totalSupply() + beta.token.totalSupply(),
            _hubToken().balanceOf(address(adapter)),
            "spoke supply != hub lockbox"
        );
    }
}
