// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IOAppCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppCore.sol";
import {IOFT, SendParam, MessagingFee} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";

import {ITrETH} from "../../src/shared/interfaces/ITrETH.sol";
import {ISpokePool} from "../../src/shared/interfaces/ISpokePool.sol";
import {IRateReceiver} from "../../src/shared/interfaces/IRateReceiver.sol";
import {IBackingLedger} from "../../src/shared/interfaces/IBackingLedger.sol";
import {DeployedSystem, IReceiveUln302} from "../utils/DeployedSystem.sol";

interface IRateBroadcaster {
    function quoteBroadcast(uint32 dstEid) external view returns (MessagingFee memory);
    function broadcast(uint32 dstEid) external payable;
}

/// @dev The system the devnet deploys, replayed from its deploy plan: who holds what after the
///      deploy, and the messages its wiring carries, through LayerZero's ULN302 and both DVNs.
contract DeployedSystemTest is DeployedSystem {
    address internal alice = makeAddr("alice");

    function setUp() public {
        _deploySystem();
        vm.deal(alice, 100 ether);
    }

    function test_plan_handsEveryChainToItsTimelock_succeeds() public view {
        string[3] memory hubOwned = ["TrETHAdapter", "RateBroadcaster", "BackingLedger"];
        string[3] memory spokeOwned = ["TrETH", "SpokePool", "RateReceiver"];
        for (uint256 c; c < chainNames.length; ++c) {
            string memory chain = chainNames[c];
            TimelockController timelock = TimelockController(payable(_contract(chain, "Timelock")));
            assertEq(timelock.getMinDelay(), 3, "the devnet delay, set by the handover batch");
            address deployer = deployerOf[chain];
            assertFalse(timelock.hasRole(timelock.PROPOSER_ROLE(), deployer), "deployer proposes");
            assertFalse(timelock.hasRole(timelock.EXECUTOR_ROLE(), deployer), "deployer executes");
            assertFalse(timelock.hasRole(timelock.CANCELLER_ROLE(), deployer), "deployer cancels");
            bool isHub = c == 0;
            for (uint256 i; i < 3; ++i) {
                address owned = _contract(chain, isHub ? hubOwned[i] : spokeOwned[i]);
                assertEq(Ownable(owned).owner(), address(timelock), "owner");
            }
        }
        IAccessControl trETH = IAccessControl(_contract("hub", "TrETH"));
        assertTrue(trETH.hasRole(0x00, _contract("hub", "Timelock")), "timelock administers TrETH");
        assertFalse(trETH.hasRole(0x00, deployerOf["hub"]), "deployer administers TrETH");
    }

    function test_setPeer_fromTheDeployer_reverts() public {
        address token = _contract("alpha", "TrETH");
        vm.prank(deployerOf["alpha"]);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, deployerOf["alpha"]));
        IOAppCore(token).setPeer(eidOf["beta"], bytes32(uint256(1)));
    }

    function test_oftSend_hubToAlpha_isCommittedOnlyWithBothDvns_succeeds() public {
        ITrETH trETH = ITrETH(_contract("hub", "TrETH"));
        IOFT lockbox = IOFT(_contract("hub", "TrETHAdapter"));
        vm.startPrank(alice);
        trETH.depositETH{value: 10 ether}(alice, 0);
        IERC20(address(trETH)).approve(address(lockbox), 1 ether);
        SendParam memory param = SendParam(eidOf["alpha"], bytes32(uint256(uint160(alice))), 1 ether, 1 ether, "", "", "");
        MessagingFee memory fee = lockbox.quoteSend(param, false);
        vm.recordLogs();
        lockbox.send{value: fee.nativeFee}(param, fee, alice);
        vm.stopPrank();
        bytes[] memory packets = _sentPackets();
        assertEq(packets.length, 1);

        // One DVN's verification does not commit: the plan requires both on every pathway.
        (bytes memory header, bytes32 payloadHash,,,) = this.partsOf(packets[0]);
        IReceiveUln302 receiveLibrary = IReceiveUln302(_contract("alpha", "ReceiveUln302"));
        vm.prank(_contract("alpha", "DVN1"));
        receiveLibrary.verify(header, payloadHash, 1);
        vm.expectRevert();
        receiveLibrary.commitVerification(header, payloadHash);

        _deliver(packets[0]);
        assertEq(IERC20(_contract("alpha", "TrETH")).balanceOf(alice), 1 ether);
        assertEq(IERC20(address(trETH)).balanceOf(address(lockbox)), 1 ether);
    }

    function test_spokeDeposit_rateAndBatchCrossBothWays_succeeds() public {
        IRateBroadcaster broadcaster = IRateBroadcaster(_contract("hub", "RateBroadcaster"));
        vm.recordLogs();
        broadcaster.broadcast{value: broadcaster.quoteBroadcast(eidOf["alpha"]).nativeFee}(eidOf["alpha"]);
        _deliverAll();
        assertEq(IRateReceiver(_contract("alpha", "RateReceiver")).getRate(), ITrETH(_contract("hub", "TrETH")).getRate());

        ISpokePool pool = ISpokePool(_contract("alpha", "SpokePool"));
        vm.prank(alice);
        pool.deposit{value: 1 ether}(alice, 0);
        (uint256 shares, uint256 assets) = pool.pending();
        assertGt(shares, 0);
        vm.recordLogs();
        uint64 batchId = pool.sync{value: pool.quoteSync()}();
        _deliverAll();
        IBackingLedger ledger = IBackingLedger(_contract("hub", "BackingLedger"));
        assertEq(ledger.batch(eidOf["alpha"], batchId).assets, assets, "the batch's ETH, counted on the hub");
        assertEq(ledger.batch(eidOf["alpha"], batchId).shares, shares, "the shares the spoke minted");
        assertEq(ledger.spoke(eidOf["alpha"]).inTransit, assets, "in transit until the bridge lands it");
    }
}
