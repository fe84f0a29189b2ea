// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TimelockController} from "../../src/shared/access/Timelock.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {EndpointV2Mock} from "@layerzerolabs/test-devtools-evm-foundry/contracts/mocks/EndpointV2Mock.sol";
import {Errors} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/Errors.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";

import {CrossChainBase} from "../crosschain/CrossChainBase.sol";
import {Guardian} from "../../src/shared/access/Guardian.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";

/// @dev The whole system handed to one TimelockController per chain, as the devnet deploy does it
///      (apps/devnet/src/deploy.ts `handToTimelock`): the timelock owns every Ownable contract and is
///      every OApp's LayerZero delegate, holds the admin role of every AccessControl contract, and
///      the deployer and the hub admin keep nothing. A guardian pauses at once; the rest waits.
contract TimelockTest is CrossChainBase {
    uint256 internal constant DELAY = 2 days;

    TimelockController internal hubTimelock;
    TimelockController internal alphaTimelock;
    address internal proposer = makeAddr("proposer");
    address internal guardian = makeAddr("guardian");
    address internal attacker = makeAddr("attacker");
    uint256 private salt;

    function setUp() public override {
        super.setUp();
        hubTimelock = _newTimelock();
        alphaTimelock = _newTimelock();

        // Hub: ownable contracts and OApp delegates first, then the AccessControl admin roles.
        address[] memory hubOwned = new address[](4);
        hubOwned[0] = address(adapter);
        hubOwned[1] = address(broadcaster);
        hubOwned[2] = address(ledger);
        hubOwned[3] = address(hubBridge);
        _delegate(address(adapter), hubTimelock);
        _delegate(address(broadcaster), hubTimelock);
        _delegate(address(ledger), hubTimelock);
        _handOver(hubOwned, hubTimelock);

        address[] memory admins = _accessControlled();
        for (uint256 i; i < admins.length; i++) {
            IAccessControl target = IAccessControl(admins[i]);
            address admin = target.hasRole(0x00, hubAdmin) ? hubAdmin : address(this);
            vm.startPrank(admin);
            target.grantRole(0x00, address(hubTimelock));
            target.renounceRole(0x00, admin);
            vm.stopPrank();
        }
        vm.startPrank(address(hubTimelock));
        trETH.grantRole(trETH.PAUSER_ROLE(), guardian);
        queue.grantRole(queue.PAUSER_ROLE(), guardian);
        vm.stopPrank();

        // Alpha: the spoke's contracts, the pool with its guardian.
        alpha.pool.setGuardian(guardian);
        address[] memory alphaOwned = new address[](3);
        alphaOwned[0] = address(alpha.pool);
        alphaOwned[1] = address(alpha.receiver);
        alphaOwned[2] = address(alpha.token);
        for (uint256 i; i < alphaOwned.length; i++) _delegate(alphaOwned[i], alphaTimelock);
        _handOver(alphaOwned, alphaTimelock);
    }

    // ---------------------------------------------------------------- the handover

    function test_handOver_timelockOwnsEveryContract_succeeds() public view {
        address[4] memory hubOwned = [address(adapter), address(broadcaster), address(ledger), address(hubBridge)];
        for (uint256 i; i < hubOwned.length; i++) {
            assertEq(Ownable(hubOwned[i]).owner(), address(hubTimelock), "hub owner");
            assertEq(Ownable2Step(hubOwned[i]).pendingOwner(), address(0), "nothing pending");
        }
        address[3] memory alphaOwned = [address(alpha.pool), address(alpha.receiver), address(alpha.token)];
        for (uint256 i; i < alphaOwned.length; i++) {
            assertEq(Ownable(alphaOwned[i]).owner(), address(alphaTimelock), "alpha owner");
            assertEq(EndpointV2Mock(endpoints[ALPHA_EID]).delegates(alphaOwned[i]), address(alphaTimelock), "alpha delegate");
        }
        for (uint256 i; i < 3; i++) {
            assertEq(EndpointV2Mock(endpoints[HUB_EID]).delegates(hubOwned[i]), address(hubTimelock), "hub delegate");
        }
    }

    function test_handOver_deployerKeepsNoAdminRole_succeeds() public view {
        address[] memory admins = _accessControlled();
        for (uint256 i; i < admins.length; i++) {
            IAccessControl target = IAccessControl(admins[i]);
            assertTrue(target.hasRole(0x00, address(hubTimelock)), "timelock is admin");
            assertFalse(target.hasRole(0x00, hubAdmin), "hub admin left");
            assertFalse(target.hasRole(0x00, address(this)), "deployer left");
        }
        // The timelock administers itself: nobody can grant proposer or executor roles around the delay.
        assertFalse(hubTimelock.hasRole(0x00, address(this)));
        assertFalse(hubTimelock.hasRole(0x00, proposer));
        assertTrue(hubTimelock.hasRole(0x00, address(hubTimelock)));
    }

    // ---------------------------------------------------------------- direct calls are refused

    function test_setFee_formerOwner_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        alpha.pool.setFee(0);
    }

    /// The proposer holds no owner power of its own: its only way in is the timelock.
    function test_setPeer_proposerDirect_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, proposer));
        vm.prank(proposer);
        alpha.token.setPeer(BETA_EID, bytes32(uint256(uint160(attacker))));
    }

    /// A library swap on the endpoint is the delegate's: the former deployer cannot point a route at its own library.
    function test_setSendLibrary_formerDelegate_reverts() public {
        address library_ = EndpointV2Mock(endpoints[ALPHA_EID]).defaultSendLibrary(HUB_EID);
        vm.expectRevert(Errors.LZ_Unauthorized.selector);
        EndpointV2Mock(endpoints[ALPHA_EID]).setSendLibrary(address(alpha.token), HUB_EID, library_);
    }

    function test_setOracle_formerAdmin_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, hubAdmin, bytes32(0))
        );
        vm.prank(hubAdmin);
        trETH.setOracle(attacker);
    }

    function test_setSanityChecker_formerAdmin_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, hubAdmin, bytes32(0))
        );
        vm.prank(hubAdmin);
        trETH.setSanityChecker(attacker);
    }

    function test_schedule_notProposer_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, attacker, hubTimelock.PROPOSER_ROLE()
            )
        );
        vm.prank(attacker);
        hubTimelock.schedule(address(trETH), 0, abi.encodeCall(trETH.setOracle, (attacker)), 0, 0, DELAY);
    }

    function test_schedule_shorterThanDelay_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockInsufficientDelay.selector, 1, DELAY));
        vm.prank(proposer);
        hubTimelock.schedule(address(trETH), 0, abi.encodeCall(trETH.setOracle, (attacker)), 0, 0, 1);
    }

    /// Lowering the delay is itself a timelocked call: the proposer cannot shorten it directly.
    function test_updateDelay_proposerDirect_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnauthorizedCaller.selector, proposer));
        vm.prank(proposer);
        hubTimelock.updateDelay(0);
    }

    // ---------------------------------------------------------------- through the delay

    function test_execute_beforeDelay_reverts() public {
        bytes memory call = abi.encodeCall(trETH.setOracle, (attacker));
        bytes32 id = _schedule(hubTimelock, address(trETH), call);
        vm.warp(block.timestamp + DELAY - 1);
        _expectNotReady(id);
        vm.prank(proposer);
        hubTimelock.execute(address(trETH), 0, call, 0, bytes32(salt));
        assertEq(trETH.oracle(), oracle, "oracle unchanged");
    }

    function test_setOracle_throughTimelock_succeeds() public {
        address newOracle = makeAddr("newOracle");
        _scheduleAndExecute(hubTimelock, address(trETH), abi.encodeCall(trETH.setOracle, (newOracle)));
        assertEq(trETH.oracle(), newOracle);
    }

    function test_setSanityChecker_throughTimelock_succeeds() public {
        address newChecker = makeAddr("newChecker");
        _scheduleAndExecute(hubTimelock, address(trETH), abi.encodeCall(trETH.setSanityChecker, (newChecker)));
        assertEq(address(trETH.sanityChecker()), newChecker);
    }

    function test_setFee_throughTimelock_succeeds() public {
        _scheduleAndExecute(alphaTimelock, address(alpha.pool), abi.encodeCall(SpokePool.setFee, (7)));
        assertEq(alpha.pool.feeBps(), 7);
    }

    /// A cancelled operation never executes, even after its delay.
    function test_execute_cancelled_reverts() public {
        bytes memory call = abi.encodeCall(SpokePool.setFee, (7));
        bytes32 id = _schedule(alphaTimelock, address(alpha.pool), call);
        vm.prank(proposer);
        alphaTimelock.cancel(id);
        vm.warp(block.timestamp + DELAY);
        _expectNotReady(id);
        vm.prank(proposer);
        alphaTimelock.execute(address(alpha.pool), 0, call, 0, bytes32(salt));
        assertEq(alpha.pool.feeBps(), SPOKE_FEE_BPS, "fee unchanged");
    }

    // ---------------------------------------------------------------- the guardian

    function test_pause_guardianAtOnce_succeeds() public {
        vm.prank(guardian);
        alpha.pool.pause();
        assertTrue(alpha.pool.paused());
    }

    function test_unpause_guardian_reverts() public {
        vm.startPrank(guardian);
        alpha.pool.pause();
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        alpha.pool.unpause();
        vm.stopPrank();
    }

    function test_unpause_throughTimelock_succeeds() public {
        vm.prank(guardian);
        alpha.pool.pause();
        _scheduleAndExecute(alphaTimelock, address(alpha.pool), abi.encodeCall(SpokePool.unpause, ()));
        assertFalse(alpha.pool.paused());
    }

    /// The guardian may stop things only: moving the pause key is the owner's.
    function test_setGuardian_guardian_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian));
        vm.prank(guardian);
        alpha.pool.setGuardian(attacker);
    }

    function test_pauseDeposits_guardianAtOnce_succeeds() public {
        vm.prank(guardian);
        trETH.pauseDeposits();
        (bool depositsPaused,) = trETH.paused();
        assertTrue(depositsPaused);
    }

    function test_pauseRequests_guardianAtOnce_succeeds() public {
        vm.prank(guardian);
        queue.pauseRequests();
        assertTrue(queue.requestsPaused());
    }

    /// The hub's pause keys stop things only: every resume is the timelock's.
    function test_resumeInstantWithdrawals_guardian_reverts() public {
        vm.startPrank(guardian);
        trETH.pauseInstantWithdrawals();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0))
        );
        trETH.resumeInstantWithdrawals();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0))
        );
        queue.resumeRequests();
        vm.stopPrank();
    }

    function test_resumeInstantWithdrawals_throughTimelock_succeeds() public {
        vm.startPrank(guardian);
        trETH.pauseInstantWithdrawals();
        trETH.pauseDeposits();
        queue.pauseRequests();
        vm.stopPrank();
        _scheduleAndExecute(hubTimelock, address(trETH), abi.encodeCall(trETH.resumeInstantWithdrawals, ()));
        _scheduleAndExecute(hubTimelock, address(trETH), abi.encodeCall(trETH.resumeDeposits, ()));
        _scheduleAndExecute(hubTimelock, address(queue), abi.encodeCall(queue.resumeRequests, ()));
        (bool depositsPaused, bool withdrawalsPaused) = trETH.paused();
        assertFalse(depositsPaused);
        assertFalse(withdrawalsPaused);
        assertFalse(queue.requestsPaused());
    }

    /// The guardian's pauser role is no admin role: it cannot grant itself more.
    function test_grantRole_guardian_reverts() public {
        bytes32 keeperRole = trETH.KEEPER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, bytes32(0))
        );
        vm.prank(guardian);
        trETH.grantRole(keeperRole, guardian);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev OZ's timelock as the deploy builds it: one proposer that also executes, no admin but itself.
    function _newTimelock() private returns (TimelockController) {
        address[] memory proposers = new address[](1);
        proposers[0] = proposer;
        return new TimelockController(DELAY, proposers, proposers, address(0));
    }

    function _delegate(address oapp, TimelockController timelock) private {
        IOAppCore(oapp).setDelegate(address(timelock));
    }

    /// @dev Two-step ownership: this contract offers, the timelock accepts through one batch after the delay.
    function _handOver(address[] memory owned, TimelockController timelock) private {
        address[] memory targets = new address[](owned.length);
        uint256[] memory values = new uint256[](owned.length);
        bytes[] memory payloads = new bytes[](owned.length);
        for (uint256 i; i < owned.length; i++) {
            Ownable(owned[i]).transferOwnership(address(timelock));
            targets[i] = owned[i];
            payloads[i] = abi.encodeCall(Ownable2Step.acceptOwnership, ());
        }
        vm.prank(proposer);
        timelock.scheduleBatch(targets, values, payloads, 0, 0, DELAY);
        vm.warp(block.timestamp + DELAY);
        vm.prank(proposer);
        timelock.executeBatch(targets, values, payloads, 0, 0);
    }

    function _accessControlled() private view returns (address[] memory admins) {
        admins = new address[](5);
        admins[0] = address(trETH);
        admins[1] = address(queue);
        admins[2] = address(registry);
        admins[3] = oracle;
        admins[4] = address(checker);
    }

    function _schedule(TimelockController timelock, address target, bytes memory call) private returns (bytes32 id) {
        salt++;
        vm.prank(proposer);
        timelock.schedule(target, 0, call, 0, bytes32(salt), DELAY);
        id = timelock.hashOperation(target, 0, call, 0, bytes32(salt));
    }

    /// @dev The timelock's own refusal of an operation that is not (or no longer) ready to execute.
    function _expectNotReady(bytes32 id) private {
        vm.expectRevert(
            abi.encodeWithSelector(
                TimelockController.TimelockUnexpectedOperationState.selector,
                id,
                bytes32(1 << uint8(TimelockController.OperationState.Ready))
            )
        );
    }

    function _scheduleAndExecute(TimelockController timelock, address target, bytes memory call) private {
        _schedule(timelock, target, call);
        vm.warp(block.timestamp + DELAY);
        vm.prank(proposer);
        timelock.execute(target, 0, call, 0, bytes32(salt));
    }
}
