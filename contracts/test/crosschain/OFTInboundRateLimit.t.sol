// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IOFT, SendParam, MessagingFee, OFTLimit} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {OFTComposeMsgCodec} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/libs/OFTComposeMsgCodec.sol";
import {IMessagingComposer} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/IMessagingComposer.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";

import {Guardian} from "../../src/shared/access/Guardian.sol";
import {IInboundRateLimiter} from "../../src/shared/interfaces/IInboundRateLimiter.sol";
import {PlannedSystemBase} from "./PlannedSystemBase.sol";
import {RecordingComposer} from "./OFTCompose.t.sol";

/// @dev Inbound limits with parking on both OFT kinds: the hub lockbox (credits from spokes) and a
///      spoke token (credits from the hub). Forged credits are delivered as a compromised verifier
///      set would deliver them: through the endpoint, from the wired peer. The system is the deploy
///      plan's: its timelocks own the OFTs, its guardian holds their pause keys.
contract OFTInboundRateLimitTest is PlannedSystemBase {
    uint88 internal constant LIMIT = 10 ether;
    uint32 internal constant WINDOW = 1 days;
    /// @dev OFTCore's shared decimals are 6: 1 trETH is 1e6 in a message.
    uint256 internal constant SD = 1e12;

    address internal guardian;
    address internal attacker = makeAddr("attacker");
    uint256 internal forged;

    function setUp() public override {
        super.setUp();
        _setInbound(address(adapter), ALPHA_EID, LIMIT);
        _setInbound(address(alpha.token), HUB_EID, LIMIT);
        guardian = adapter.guardian();
        assertNotEq(guardian, address(0), "the plan sets no guardian on the lockbox");
        // The lockbox holds 900 trETH of alice's (100 of them sent to alpha); she keeps 100 on the hub.
        vm.deal(alice, 1_001 ether);
        _hubShares(alice, 1_000 ether);
        vm.startPrank(alice);
        trETH.transfer(address(adapter), 800 ether);
        vm.stopPrank();
        _sendTokens(address(adapter), alice, ALPHA_EID, alice, 100 ether);
        vm.warp(block.timestamp + WINDOW);
    }

    function _setInbound(address oft, uint32 srcEid, uint88 limit) internal {
        IInboundRateLimiter.InboundLimitConfig[] memory configs = new IInboundRateLimiter.InboundLimitConfig[](1);
        configs[0] = IInboundRateLimiter.InboundLimitConfig(srcEid, limit, WINDOW);
        _prankOwner(oft);
        IInboundRateLimiter(oft).setInboundLimits(configs);
    }

    /// @dev A credit of `amount` to `to` from alpha's token, delivered to the lockbox by its endpoint.
    function _creditLockbox(address to, uint256 amount) internal returns (bytes32 guid) {
        return _creditLockboxFrom(alpha, to, amount);
    }

    /// @dev The same from `spoke`'s token.
    function _creditLockboxFrom(Spoke memory spoke, address to, uint256 amount) internal returns (bytes32 guid) {
        guid = keccak256(abi.encode("forged", ++forged));
        Origin memory origin = Origin(spoke.eid, _toBytes32(address(spoke.token)), uint64(forged));
        vm.prank(address(_endpointOf(HUB_EID)));
        adapter.lzReceive(origin, guid, abi.encodePacked(_toBytes32(to), uint64(amount / SD)), address(this), "");
    }

    function _parked(bytes32 guid) internal view returns (IInboundRateLimiter.ParkedCredit memory) {
        return adapter.parkedCredit(guid);
    }

    function _canReceive(address oft, uint32 srcEid) internal view returns (uint256 canReceive) {
        (,,, canReceive,) = IInboundRateLimiter(oft).inboundCapacity(srcEid);
    }

    // ------------------------------------------------------------------ receive

    function test_lzReceive_underLimit_succeeds() public {
        _creditLockbox(bob, 4 ether);
        assertEq(trETH.balanceOf(bob), 4 ether);
        assertEq(_canReceive(address(adapter), ALPHA_EID), 6 ether);
    }

    /// @dev Windows sit at a fixed base plus the source eid, so alpha's (2) and beta's (3) are
    ///      neighbouring slots: filling and backlogging one must leave the other as it was.
    function test_lzReceive_neighbouringSourcesKeepOwnWindows_succeeds() public {
        _setInbound(address(adapter), BETA_EID, 5 ether);
        _creditLockbox(bob, 4 ether);
        bytes32 parked = _creditLockbox(attacker, 100 ether);
        assertEq(adapter.nextParked(ALPHA_EID), parked);
        assertEq(_canReceive(address(adapter), ALPHA_EID), 0, "alpha backlogged");
        assertEq(_canReceive(address(adapter), BETA_EID), 5 ether, "beta untouched");

        _creditLockboxFrom(beta, bob, 3 ether);
        assertEq(trETH.balanceOf(bob), 7 ether);
        assertEq(adapter.nextParked(BETA_EID), bytes32(0));
        assertEq(_canReceive(address(adapter), BETA_EID), 2 ether);
        (uint256 limit,, uint256 inFlight,,) = adapter.inboundCapacity(ALPHA_EID);
        assertEq(limit, LIMIT);
        assertEq(inFlight, 4 ether, "alpha's window untouched by beta's credit");
    }

    /// @dev The April 2026 attack on our lockbox: a forged message, accepted by the verifiers,
    ///      credits 100,000 trETH. It is parked, nothing leaves the lockbox, and the receive did not
    ///      revert (so the endpoint holds nothing stuck).
    function test_lzReceive_forgedOverLimit_parks_succeeds() public {
        uint256 held = trETH.balanceOf(address(adapter));
        bytes32 guid = keccak256(abi.encode("forged", forged + 1));
        vm.expectEmit(address(adapter));
        emit IInboundRateLimiter.CreditParked(guid, ALPHA_EID, attacker, 100_000 ether, block.timestamp + WINDOW);
        _creditLockbox(attacker, 100_000 ether);

        assertEq(trETH.balanceOf(address(adapter)), held);
        assertEq(trETH.balanceOf(attacker), 0);
        IInboundRateLimiter.ParkedCredit memory credit = _parked(guid);
        assertEq(credit.to, attacker);
        assertEq(credit.amountSD, 100_000e6);
        assertEq(credit.srcEid, ALPHA_EID);
        assertEq(uint8(credit.status), uint8(IInboundRateLimiter.ParkedStatus.Parked));
        assertEq(adapter.nextParked(ALPHA_EID), guid);
        // Alone in the queue, the window empty: held one window, the guardian's time to look.
        assertEq(adapter.releasableAt(guid), block.timestamp + WINDOW);
    }

    /// @dev Through the real endpoints: a hub -> alpha send over alpha's limit lands as a parked
    ///      credit, and the message is delivered (nothing stuck at the endpoint).
    function test_lzReceive_overLimitThroughEndpoint_parks_succeeds() public {
        _deliverTo(ALPHA_EID, address(alpha.token));
        assertEq(alpha.token.balanceOf(alice), 0, "setUp's 100 parked");
        _sendTokens(address(adapter), alice, ALPHA_EID, bob, 5 ether);
        _deliverTo(ALPHA_EID, address(alpha.token));
        assertEq(alpha.token.balanceOf(bob), 0, "behind the parked 100");
        (,,,, uint256 parkedCount) = alpha.token.inboundCapacity(HUB_EID);
        assertEq(parkedCount, 2);
    }

    /// @dev A parked credit stores its record and queue entry; the enforced receive gas must cover
    ///      that with headroom, or an over-limit message would fail and wait for a manual retry.
    function test_lzReceive_parkedUnderEnforcedGas_succeeds() public {
        uint256 enforced = _executeFirstAtEnforcedGas(OFT_SEND);
        uint256 used = vm.snapshotGasLastCall("TrETHOFT", "lzReceive_parked");
        assertEq(alpha.token.balanceOf(alice), 0);
        assertNotEq(alpha.token.nextParked(HUB_EID), bytes32(0));
        assertLe(used * 130 / 100, enforced, "enforced gas lacks headroom for parking");
    }

    function test_lzReceive_parkedComposeUnderEnforcedGas_succeeds() public {
        _deliverTo(ALPHA_EID, address(alpha.token)); // setUp's 100 parks
        SendParam memory param = _sendParam(ALPHA_EID, bob, 2 ether);
        param.composeMsg = "hello";
        MessagingFee memory fee = adapter.quoteSend(param, false);
        vm.prank(alice);
        adapter.send{value: fee.nativeFee}(param, fee, alice);
        uint256 enforced = _executeFirstAtEnforcedGas(OFT_SEND_AND_CALL);
        uint256 used = vm.snapshotGasLastCall("TrETHOFT", "lzReceive_parkedCompose");
        (,,,, uint256 parkedCount) = alpha.token.inboundCapacity(HUB_EID);
        assertEq(parkedCount, 2);
        assertLe(used * 130 / 100, enforced, "enforced gas lacks headroom for parking");
    }

    /// @dev Both DVNs verify the first in-flight credit for alpha, and the executor runs it with
    ///      exactly the receive gas the lockbox enforces on `msgType` (the sends add none).
    function _executeFirstAtEnforcedGas(uint16 msgType) internal returns (uint256 enforced) {
        (bytes[] memory packets_, bytes[] memory options) = _takePackets(ALPHA_EID, address(alpha.token));
        (enforced,) = _enforcedGas(address(adapter), ALPHA_EID, msgType);
        (uint256 carried,) = this.executorGasOf(options[0]);
        assertEq(carried, enforced, "the packet carries the enforced gas");
        _verifyByBoth(packets_[0]);
        _execute(packets_[0], enforced);
    }

    function test_lzReceive_behindParked_parks_succeeds() public {
        bytes32 big = _creditLockbox(bob, 50 ether);
        bytes32 small = _creditLockbox(alice, 1 ether);
        assertEq(trETH.balanceOf(alice), 100 ether, "unchanged");
        assertEq(uint8(_parked(small).status), uint8(IInboundRateLimiter.ParkedStatus.Parked));
        assertEq(_canReceive(address(adapter), ALPHA_EID), 0, "nothing passes while credits wait");

        vm.expectRevert(abi.encodeWithSelector(IInboundRateLimiter.InboundRateLimiter_NotNext.selector, small, big));
        adapter.releaseParked(small);
    }

    /// @dev Fail closed without stranding: a source with limit 0 parks every credit, and its
    ///      credits go once the owner opens it.
    function test_lzReceive_unconfiguredSource_parks_succeeds() public {
        _setInbound(address(adapter), ALPHA_EID, 0);
        bytes32 guid = _creditLockbox(bob, 1 ether);
        assertEq(trETH.balanceOf(bob), 0);
        assertEq(adapter.releasableAt(guid), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInboundRateLimiter.InboundRateLimiter_NotYetReleasable.selector, guid, type(uint256).max
            )
        );
        adapter.releaseParked(guid);

        _setInbound(address(adapter), ALPHA_EID, LIMIT);
        vm.warp(adapter.releasableAt(guid));
        adapter.releaseParked(guid);
        assertEq(trETH.balanceOf(bob), 1 ether);
    }

    // ------------------------------------------------------------------ release

    function test_releaseParked_afterRefill_succeeds() public {
        _creditLockbox(bob, 8 ether);
        bytes32 guid = _creditLockbox(alice, 6 ether);
        uint256 at = adapter.releasableAt(guid);
        // 8 in flight + 6 wanted - 10 limit = 4 to decay takes 0.4 of a window; a parked credit is
        // held a whole one.
        assertEq(at, block.timestamp + WINDOW);
        vm.warp(at - 1);
        // The estimate is recomputed at the call (rounding may move it by a second).
        vm.expectRevert(
            abi.encodeWithSelector(
                IInboundRateLimiter.InboundRateLimiter_NotYetReleasable.selector, guid, adapter.releasableAt(guid)
            )
        );
        adapter.releaseParked(guid);

        vm.warp(at);
        uint256 aliceBefore = trETH.balanceOf(alice);
        vm.expectEmit(address(adapter));
        emit IInboundRateLimiter.ParkedCreditReleased(guid, ALPHA_EID, alice, 6 ether, 0);
        vm.expectEmit(address(adapter));
        emit IOFT.OFTReceived(guid, ALPHA_EID, alice, 6 ether);
        vm.prank(attacker); // anyone
        adapter.releaseParked(guid);
        assertEq(trETH.balanceOf(alice), aliceBefore + 6 ether);
        assertEq(_canReceive(address(adapter), ALPHA_EID), 4 ether, "release consumed the window");
        assertEq(adapter.nextParked(ALPHA_EID), bytes32(0));
    }

    function test_releaseParked_twice_reverts() public {
        _creditLockbox(bob, 8 ether);
        bytes32 guid = _creditLockbox(bob, 6 ether);
        vm.warp(block.timestamp + WINDOW);
        adapter.releaseParked(guid);
        vm.expectRevert(
            abi.encodeWithSelector(
                IInboundRateLimiter.InboundRateLimiter_NotParked.selector,
                guid,
                IInboundRateLimiter.ParkedStatus.Released
            )
        );
        adapter.releaseParked(guid);
        assertEq(trETH.balanceOf(bob), 14 ether);
    }

    function test_releaseParked_neverParked_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IInboundRateLimiter.InboundRateLimiter_NotParked.selector,
                bytes32("nope"),
                IInboundRateLimiter.ParkedStatus.None
            )
        );
        adapter.releaseParked(bytes32("nope"));
    }

    /// @dev A credit of 3.5 limits is not stranded: it goes once the window is empty, and the
    ///      window then stays full for 3.5 windows, so the average rate still holds.
    /// @dev A credit over the whole limit is paid one limit per window: never faster than the
    ///      limit, never stranded, and the credits behind it wait for its last installment.
    function test_releaseParked_largerThanLimit_succeeds() public {
        _creditLockbox(alice, 5 ether);
        bytes32 guid = _creditLockbox(bob, 35 ether);
        bytes32 next = _creditLockbox(bob, 1 ether);
        assertEq(adapter.releasableAt(guid), block.timestamp + WINDOW, "held a window (the 5 decay in half)");
        assertEq(adapter.releasableAt(next), block.timestamp + WINDOW * 31 / 10, "5 + 35 + 1 - 10 limits to decay");
        vm.warp(block.timestamp + WINDOW);
        uint256[4] memory installments = [uint256(10 ether), 10 ether, 10 ether, 5 ether];
        uint256 paid;
        for (uint256 i; i < installments.length; ++i) {
            assertEq(adapter.releasableAt(guid), block.timestamp, "each installment once the window is empty");
            vm.expectEmit(address(adapter));
            emit IInboundRateLimiter.ParkedCreditReleased(guid, ALPHA_EID, bob, installments[i], 35 ether - paid - installments[i]);
            adapter.releaseParked(guid);
            paid += installments[i];
            assertEq(trETH.balanceOf(bob), paid);
            if (i + 1 < installments.length) {
                // The next installment waits until the window has room for it.
                uint256 wait = WINDOW * installments[i + 1] / LIMIT;
                vm.expectRevert(
                    abi.encodeWithSelector(IInboundRateLimiter.InboundRateLimiter_NotYetReleasable.selector, guid, block.timestamp + wait)
                );
                adapter.releaseParked(guid);
                vm.warp(block.timestamp + wait);
            }
        }
        assertEq(uint8(adapter.parkedCredit(guid).status), uint8(IInboundRateLimiter.ParkedStatus.Released));
        assertEq(adapter.nextParked(ALPHA_EID), next);
        vm.warp(adapter.releasableAt(next));
        adapter.releaseParked(next);
        assertEq(trETH.balanceOf(bob), 36 ether);
    }

    /// @dev The attack the installments stop: a forged credit far over the limit, with the window
    ///      empty, pays one limit at once and nothing more before the guardian pauses.
    function test_releaseParked_forgedHugeCreditHeldUntilPaused_succeeds() public {
        bytes32 forgedGuid = _creditLockbox(attacker, 100_000 ether);
        // The window is empty, yet nothing goes for a window: the guardian's time to look.
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(IInboundRateLimiter.InboundRateLimiter_NotYetReleasable.selector, forgedGuid, block.timestamp + WINDOW)
        );
        adapter.releaseParked(forgedGuid);
        vm.warp(block.timestamp + WINDOW - 1);
        vm.prank(guardian);
        adapter.pauseReleases();
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(IInboundRateLimiter.InboundRateLimiter_ReleasesPaused.selector);
        adapter.releaseParked(forgedGuid);
        _prankOwner(address(adapter));
        adapter.cancelParked(forgedGuid);
        assertEq(trETH.balanceOf(attacker), 0);
    }

    /// @dev Unpaused and never cancelled, the same credit pays one limit per window: the most a
    ///      missed forgery costs before anyone acts.
    function test_releaseParked_forgedHugeCreditUnstoppedPaysOneLimitPerWindow_succeeds() public {
        bytes32 forgedGuid = _creditLockbox(attacker, 100_000 ether);
        vm.warp(block.timestamp + WINDOW);
        vm.startPrank(attacker);
        adapter.releaseParked(forgedGuid);
        assertEq(trETH.balanceOf(attacker), LIMIT);
        vm.expectRevert(
            abi.encodeWithSelector(IInboundRateLimiter.InboundRateLimiter_NotYetReleasable.selector, forgedGuid, block.timestamp + WINDOW)
        );
        adapter.releaseParked(forgedGuid);
        vm.warp(block.timestamp + WINDOW);
        adapter.releaseParked(forgedGuid);
        vm.stopPrank();
        assertEq(trETH.balanceOf(attacker), 2 * LIMIT);
    }

    /// @dev Several parked credits all go, oldest first, as the window refills; new credits wait
    ///      behind them, so the queue drains.
    function test_releaseParked_queueDrains_succeeds() public {
        bytes32[] memory guids = new bytes32[](5);
        for (uint256 i; i < guids.length; ++i) {
            guids[i] = _creditLockbox(bob, 9 ether);
        }
        assertEq(trETH.balanceOf(bob), 9 ether, "first one fits");
        for (uint256 i = 1; i < guids.length; ++i) {
            vm.warp(adapter.releasableAt(guids[i]));
            adapter.releaseParked(guids[i]);
        }
        assertEq(trETH.balanceOf(bob), 45 ether);
        assertEq(adapter.nextParked(ALPHA_EID), bytes32(0));
        // Each went as soon as the window had room: 35 over the limit took 3.5 windows.
        (,, uint256 inFlight,,) = adapter.inboundCapacity(ALPHA_EID);
        assertApproxEqAbs(inFlight, 10 ether, 1e15);
    }

    // ------------------------------------------------------------------ pause

    function test_pauseReleases_guardian_succeeds() public {
        _creditLockbox(bob, 8 ether);
        bytes32 parked = _creditLockbox(attacker, 100_000 ether);
        vm.expectEmit(address(adapter));
        emit IInboundRateLimiter.ReleasesPaused(guardian);
        vm.prank(guardian);
        adapter.pauseReleases();

        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(IInboundRateLimiter.InboundRateLimiter_ReleasesPaused.selector);
        adapter.releaseParked(parked);
        // Under the limit, a new credit parks too: the guardian stops the lockbox paying at all.
        bytes32 small = _creditLockbox(bob, 1 ether);
        assertEq(trETH.balanceOf(bob), 8 ether);
        assertEq(uint8(_parked(small).status), uint8(IInboundRateLimiter.ParkedStatus.Parked));
        assertEq(_canReceive(address(adapter), ALPHA_EID), 0);
    }

    function test_pauseReleases_attacker_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Guardian.Guardian_NotGuardianOrOwner.selector, attacker));
        vm.prank(attacker);
        adapter.pauseReleases();
    }

    function test_unpauseReleases_guardianOrAttacker_reverts() public {
        address spokeGuardian = alpha.token.guardian();
        assertNotEq(spokeGuardian, address(0), "the plan sets no guardian on alpha's token");
        vm.prank(spokeGuardian);
        alpha.token.pauseReleases();
        address[2] memory callers = [spokeGuardian, attacker];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, callers[i]));
            vm.prank(callers[i]);
            alpha.token.unpauseReleases();
        }
        assertTrue(alpha.token.releasesPaused());
    }

    /// @dev Nothing parked during a pause is lost: after the owner unpauses, every credit goes.
    function test_unpauseReleases_owner_succeeds() public {
        vm.prank(guardian);
        adapter.pauseReleases();
        bytes32 a = _creditLockbox(bob, 1 ether);
        bytes32 b = _creditLockbox(bob, 2 ether);
        _prankOwner(address(adapter));
        vm.expectEmit(address(adapter));
        emit IInboundRateLimiter.ReleasesUnpaused();
        adapter.unpauseReleases();
        vm.warp(adapter.releasableAt(a));
        adapter.releaseParked(a);
        adapter.releaseParked(b);
        assertEq(trETH.balanceOf(bob), 3 ether);
        assertEq(_canReceive(address(adapter), ALPHA_EID), 7 ether, "queue empty: new credits pass");
    }

    // ------------------------------------------------------------------ cancel (forged credit)

    /// @dev Guardian pauses over the forged credit; the owner (timelock) drops it; the legit
    ///      credit parked behind it goes after unpausing.
    function test_cancelParked_forgedHead_succeeds() public {
        bytes32 forgedGuid = _creditLockbox(attacker, 100_000 ether);
        bytes32 legit = _creditLockbox(bob, 1 ether);
        vm.prank(guardian);
        adapter.pauseReleases();
        _prankOwner(address(adapter));
        vm.expectEmit(address(adapter));
        emit IInboundRateLimiter.ParkedCreditCancelled(forgedGuid, ALPHA_EID, attacker, 100_000 ether);
        adapter.cancelParked(forgedGuid);
        assertEq(adapter.nextParked(ALPHA_EID), legit);
        _prankOwner(address(adapter));
        adapter.unpauseReleases();

        vm.expectRevert(
            abi.encodeWithSelector(
                IInboundRateLimiter.InboundRateLimiter_NotParked.selector,
                forgedGuid,
                IInboundRateLimiter.ParkedStatus.Cancelled
            )
        );
        adapter.releaseParked(forgedGuid);
        vm.warp(adapter.releasableAt(legit));
        adapter.releaseParked(legit);
        assertEq(trETH.balanceOf(bob), 1 ether);
        assertEq(trETH.balanceOf(attacker), 0);
    }

    function test_cancelParked_attackerOrGuardian_reverts() public {
        bytes32 guid = _creditLockbox(bob, 100 ether);
        address[2] memory callers = [guardian, attacker];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, callers[i]));
            vm.prank(callers[i]);
            adapter.cancelParked(guid);
        }
    }

    /// @dev A cancelled credit in the middle of the queue is skipped when the head passes it.
    function test_cancelParked_middle_succeeds() public {
        bytes32 first = _creditLockbox(bob, 20 ether);
        bytes32 middle = _creditLockbox(attacker, 20 ether);
        bytes32 last = _creditLockbox(alice, 1 ether);
        _prankOwner(address(adapter));
        adapter.cancelParked(middle);
        assertEq(adapter.nextParked(ALPHA_EID), first);
        // 20 over a limit of 10: two installments.
        vm.warp(adapter.releasableAt(first));
        adapter.releaseParked(first);
        assertEq(adapter.nextParked(ALPHA_EID), first);
        vm.warp(adapter.releasableAt(first));
        adapter.releaseParked(first);
        assertEq(trETH.balanceOf(bob), 20 ether);
        assertEq(adapter.nextParked(ALPHA_EID), last);
        vm.warp(adapter.releasableAt(last));
        adapter.releaseParked(last);
        assertEq(adapter.nextParked(ALPHA_EID), bytes32(0));
        assertEq(trETH.balanceOf(attacker), 0);
    }

    // ------------------------------------------------------------------ compose

    /// @dev A composed send that parks: no compose is queued at receive; on release the compose
    ///      is queued with the amount credited, and the composer runs.
    function test_releaseParked_composeDeferred_succeeds() public {
        _deliverTo(ALPHA_EID, address(alpha.token)); // setUp's 100 parks
        bytes32 first = alpha.token.nextParked(HUB_EID);
        RecordingComposer composer = new RecordingComposer();
        // Over the limit of 10: paid 10, 10, 5; the compose waits for the last installment.
        SendParam memory param = _sendParam(ALPHA_EID, address(composer), 25 ether);
        param.composeMsg = "hello";
        MessagingFee memory fee = adapter.quoteSend(param, false);
        vm.prank(alice);
        adapter.send{value: fee.nativeFee}(param, fee, alice);
        (bytes[] memory packets_, bytes[] memory options) = _takePackets(ALPHA_EID, address(alpha.token));
        _verifyByBoth(packets_[0]);
        vm.recordLogs();
        _execute(packets_[0]);
        assertEq(_composeSentCount(vm.getRecordedLogs()), 0, "compose waits with the credit");
        (,,,, bytes32 guid) = this.partsOf(packets_[0]);
        assertEq(alpha.token.parkedCredit(guid).composeMsg.length, 32 + 5);

        while (alpha.token.nextParked(HUB_EID) == first) {
            vm.warp(alpha.token.releasableAt(first));
            alpha.token.releaseParked(first);
        }
        for (uint256 paid = 10 ether; paid <= 20 ether; paid += 10 ether) {
            vm.warp(alpha.token.releasableAt(guid));
            vm.recordLogs();
            alpha.token.releaseParked(guid);
            assertEq(_composeSentCount(vm.getRecordedLogs()), 0, "no compose before the last installment");
            assertEq(alpha.token.balanceOf(address(composer)), paid);
        }
        vm.warp(alpha.token.releasableAt(guid));
        vm.recordLogs();
        alpha.token.releaseParked(guid);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(_composeSentCount(logs), 1);
        assertEq(alpha.token.balanceOf(address(composer)), 25 ether);
        (address from, address to, bytes32 composeGuid, bytes memory message) = _composeSent(logs);
        assertEq(composeGuid, guid);
        assertEq(composer.amountOf(message), 25 ether, "the compose reports the whole credit");
        assertEq(this.composeSrcEid(message), HUB_EID);
        (, uint256 composeGas) = this.executorGasOf(options[0]);
        _executeCompose(ALPHA_EID, from, to, guid, message, composeGas);
        assertEq(composer.calls(), 1);
        assertEq(composer.lastAmount(), 25 ether);
    }

    function composeSrcEid(bytes calldata message) external pure returns (uint32) {
        return OFTComposeMsgCodec.srcEid(message);
    }

    function _composeSentCount(Vm.Log[] memory logs) internal pure returns (uint256 count) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IMessagingComposer.ComposeSent.selector) ++count;
        }
    }

    // ------------------------------------------------------------------ config

    function test_setInboundLimits_emits_succeeds() public {
        IInboundRateLimiter.InboundLimitConfig[] memory configs = new IInboundRateLimiter.InboundLimitConfig[](1);
        configs[0] = IInboundRateLimiter.InboundLimitConfig(BETA_EID, 3 ether, 1 hours);
        _prankOwner(address(alpha.token));
        vm.expectEmit(address(alpha.token));
        emit IInboundRateLimiter.InboundLimitSet(BETA_EID, 3 ether, 1 hours);
        alpha.token.setInboundLimits(configs);
        (uint256 limit, uint256 window,, uint256 canReceive,) = alpha.token.inboundCapacity(BETA_EID);
        assertEq(limit, 3 ether);
        assertEq(window, 1 hours);
        assertEq(canReceive, 3 ether);
    }

    function test_setInboundLimits_notOwner_reverts() public {
        IInboundRateLimiter.InboundLimitConfig[] memory configs = new IInboundRateLimiter.InboundLimitConfig[](1);
        configs[0] = IInboundRateLimiter.InboundLimitConfig(ALPHA_EID, type(uint88).max, 1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        adapter.setInboundLimits(configs);
    }

    function test_setInboundLimits_zeroWindow_reverts() public {
        IInboundRateLimiter.InboundLimitConfig[] memory configs = new IInboundRateLimiter.InboundLimitConfig[](1);
        configs[0] = IInboundRateLimiter.InboundLimitConfig(ALPHA_EID, LIMIT, 0);
        _prankOwner(address(adapter));
        vm.expectRevert(abi.encodeWithSelector(IInboundRateLimiter.InboundRateLimiter_ZeroWindow.selector, ALPHA_EID));
        adapter.setInboundLimits(configs);
    }

    /// @dev The inbound limit leaves quoteOFT's outbound maximum alone.
    function test_quoteOFT_reportsOutboundLimit_succeeds() public {
        _setInbound(address(adapter), ALPHA_EID, 1 ether);
        (, uint256 canSend) = adapter.getAmountCanBeSent(ALPHA_EID);
        (uint256 maxAmount) = _quotedMax(ALPHA_EID);
        assertEq(maxAmount, canSend);
        assertGt(maxAmount, 1 ether);
    }

    function _quotedMax(uint32 dstEid) internal view returns (uint256) {
        (OFTLimit memory limit,,) = IOFT(address(adapter)).quoteOFT(_sendParam(dstEid, alice, 1 ether));
        return limit.maxAmountLD;
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev Whatever the credits and gaps, and whoever releases when: what the lockbox pays never
    ///      exceeds the limit per window (plus one credit's excess over the limit), and every
    ///      credit is paid once or still parked.
    function testFuzz_lzReceive_paysWithinLimit_succeeds(uint96[6] memory amounts, uint32[6] memory gaps) public {
        uint256 held = trETH.balanceOf(address(adapter));
        uint256 start = block.timestamp;
        uint256 credited;
        bytes32[] memory guids = new bytes32[](amounts.length);
        for (uint256 i; i < amounts.length; ++i) {
            vm.warp(block.timestamp + bound(gaps[i], 0, 12 hours));
            uint256 amount = bound(amounts[i], 1, 30) * 1 ether;
            credited += amount;
            guids[i] = _creditLockbox(bob, amount);
            bytes32 next = adapter.nextParked(ALPHA_EID);
            if (next != bytes32(0) && adapter.releasableAt(next) <= block.timestamp) adapter.releaseParked(next);
        }
        uint256 paid = held - trETH.balanceOf(address(adapter));
        assertEq(paid, trETH.balanceOf(bob));
        // However large the credits: one limit, plus one per window elapsed.
        assertLe(paid, LIMIT + uint256(LIMIT) * (block.timestamp - start) / WINDOW);
        uint256 waiting;
        for (uint256 i; i < guids.length; ++i) {
            IInboundRateLimiter.ParkedCredit memory credit = adapter.parkedCredit(guids[i]);
            if (credit.status == IInboundRateLimiter.ParkedStatus.Parked) waiting += (credit.amountSD - credit.paidSD) * SD;
        }
        assertEq(paid + waiting, credited);
    }
}
