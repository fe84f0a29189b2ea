// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TimelockController} from "../../src/shared/access/Timelock.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ILayerZeroEndpointV2} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {Errors} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/Errors.sol";

import {PlannedSystemBase} from "../crosschain/PlannedSystemBase.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {WithdrawalQueue} from "../../src/hub/WithdrawalQueue.sol";

/// @dev EndpointV2's record of each OApp's delegate (not in ILayerZeroEndpointV2).
interface IEndpointDelegates {
    function delegates(address oapp) external view returns (address);
}

/// @dev The whole system handed to one TimelockController per chain, as the deploy plan does it
///      (packages/contracts/src/deploy/system.ts `planHandover`): the timelock owns every Ownable
///      contract and is every OApp's LayerZero delegate, holds the admin role of every AccessControl
///      contract, and the deployer keeps nothing. A guardian pauses at once; the rest waits.
contract TimelockTest is PlannedSystemBase {
    TimelockController internal hubTimelock;
    TimelockController internal alphaTimelock;
    WithdrawalQueue internal queue;
    /// @dev The plan's delay, the same on every chain.
    uint256 internal delay;
    address internal proposer;
    address internal guardian;
    address internal attacker = makeAddr("attacker");
    uint256 private salt;

    function setUp() public override {
        super.setUp();
        hubTimelock = TimelockController(payable(_contract("hub", "Timelock")));
        alphaTimelock = TimelockController(payable(_contract("alpha", "Timelock")));
        queue = WithdrawalQueue(_contract("hub", "WithdrawalQueue"));
        delay = hubTimelock.getMinDelay();
        assertEq(alphaTimelock.getMinDelay(), delay, "one delay on every chain");
        proposer = _proposerOf("hub");
        assertTrue(alphaTimelock.hasRole(alphaTimelock.PROPOSER_ROLE(), proposer), "one proposer on every chain");
        guardian = alpha.pool.guardian();
    }

    /// @dev The proposer the plan's handover batch grants on `chain` (the batch is where the plan
    ///      names it: TimelockController.executeBatch, whose calls include grantRole(PROPOSER_ROLE, ..)).
    function _proposerOf(string memory chain) private view returns (address) {
        bytes[] memory data = vm.parseJsonBytesArray(vm.readFile(PLAN), string.concat(".", chain, ".data"));
        bytes32 proposerRole = hubTimelock.PROPOSER_ROLE();
        for (uint256 i; i < data.length; ++i) {
            if (data[i].length < 4 || bytes4(data[i]) != TimelockController.executeBatch.selector) continue;
            (,, bytes[] memory payloads,,) =
                abi.decode(this.argumentsOf(data[i]), (address[], uint256[], bytes[], bytes32, bytes32));
            for (uint256 j; j < payloads.length; ++j) {
                if (bytes4(payloads[j]) != IAccessControl.grantRole.selector) continue;
                (bytes32 role, address account) = abi.decode(this.argumentsOf(payloads[j]), (bytes32, address));
                if (role == proposerRole) return account;
            }
        }
        revert("the plan grants no proposer");
    }

    /// @dev A call's arguments, without its selector.
    function argumentsOf(bytes calldata call) external pure returns (bytes memory) {
        return call[4:];
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
            assertEq(IEndpointDelegates(address(_endpointOf(ALPHA_EID))).delegates(alphaOwned[i]), address(alphaTimelock), "alpha delegate");
        }
        for (uint256 i; i < 3; i++) {
            assertEq(IEndpointDelegates(address(_endpointOf(HUB_EID))).delegates(hubOwned[i]), address(hubTimelock), "hub delegate");
        }
    }

    function test_handOver_deployerKeepsNoAdminRole_succeeds() public view {
        address[] memory admins = _accessControlled();
        for (uint256 i; i < admins.length; i++) {
            IAccessControl target = IAccessControl(admins[i]);
            assertTrue(target.hasRole(0x00, address(hubTimelock)), "timelock is admin");
            assertFalse(target.hasRole(0x00, deployerOf["hub"]), "deployer left");
        }
        // The timelock administers itself: nobody can grant proposer or executor roles around the delay.
        assertFalse(hubTimelock.hasRole(0x00, deployerOf["hub"]));
        assertFalse(hubTimelock.hasRole(0x00, proposer));
        assertTrue(hubTimelock.hasRole(0x00, address(hubTimelock)));
    }

    // ---------------------------------------------------------------- direct calls are refused

    function test_setFee_formerOwner_reverts() public {
        address deployer = deployerOf["alpha"];
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, deployer));
        vm.prank(deployer);
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
        ILayerZeroEndpointV2 endpoint = _endpointOf(ALPHA_EID);
        address library_ = endpoint.defaultSendLibrary(HUB_EID);
        vm.expectRevert(Errors.LZ_Unauthorized.selector);
        vm.prank(deployerOf["alpha"]);
        endpoint.setSendLibrary(address(alpha.token), HUB_EID, library_);
    }

    function test_setOracle_formerAdmin_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, deployerOf["hub"], bytes32(0))
        );
        vm.prank(deployerOf["hub"]);
        trETH.setOracle(attacker);
    }

    function test_setSanityChecker_formerAdmin_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, deployerOf["hub"], bytes32(0))
        );
        vm.prank(deployerOf["hub"]);
        trETH.setSanityChecker(attacker);
    }

    function test_schedule_notProposer_reverts() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, attacker, hubTimelock.PROPOSER_ROLE()
            )
        );
        vm.prank(attacker);
        hubTimelock.schedule(address(trETH), 0, abi.encodeCall(trETH.setOracle, (attacker)), 0, 0, delay);
    }

    function test_schedule_shorterThanDelay_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockInsufficientDelay.selector, 1, delay));
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
        vm.warp(block.timestamp + delay - 1);
        _expectNotReady(id);
        vm.prank(proposer);
        hubTimelock.execute(address(trETH), 0, call, 0, bytes32(salt));
        assertEq(trETH.oracle(), _contract("hub", "TributaryOracle"), "oracle unchanged");
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
        vm.warp(block.timestamp + delay);
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

    function _accessControlled() private view returns (address[] memory admins) {
        string[6] memory names = [
            "TrETH",
            "WithdrawalQueue",
            "NodeOperatorRegistry",
            "TributaryOracle",
            "OracleReportSanityChecker",
            "DepositSecurityModule"
        ];
        admins = new address[](names.length);
        for (uint256 i; i < names.length; ++i) {
            admins[i] = _contract("hub", names[i]);
        }
    }

    function _schedule(TimelockController timelock, address target, bytes memory call) private returns (bytes32 id) {
        salt++;
        vm.prank(proposer);
        timelock.schedule(target, 0, call, 0, bytes32(salt), delay);
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
        vm.warp(block.timestamp + delay);
        vm.prank(proposer);
        timelock.execute(target, 0, call, 0, bytes32(salt));
    }
}
